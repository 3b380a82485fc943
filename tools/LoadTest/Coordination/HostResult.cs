using Fleet.LoadTest.Metrics;

namespace Fleet.LoadTest.Coordination;

/// <summary>Everything one process's agents measured over the run.</summary>
public sealed record HostResult(
    int Agents,
    long FirstReplies,
    long OnlineAtStop,
    double? AllConnectedMs,
    long Sent,
    long Received,
    long Reconnects,
    long ConfigsReceived,
    SortedDictionary<string, long> Errors,
    HistogramData FirstReply,
    HistogramData ConnectedAt,
    HistogramData StartDelay,
    HistogramData Reconnect,
    HistogramData Heartbeat,
    HistogramData StatusChange);
