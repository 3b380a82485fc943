using Fleet.LoadTest.Metrics;

namespace Fleet.LoadTest.Coordination;

/// <summary>One process's state, once a second: cumulative counters, rates, and the latencies of that second.</summary>
public sealed record ProgressReport(
    double ElapsedMs,
    int Agents,
    int Started,
    long Online,
    long FirstReplies,
    long Sent,
    long Received,
    double SentPerSecond,
    double ReceivedPerSecond,
    long Errors,
    long Reconnects,
    long ConfigsReceived,
    HistogramData Interval);
