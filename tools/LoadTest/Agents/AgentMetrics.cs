using Fleet.LoadTest.Metrics;

namespace Fleet.LoadTest.Agents;

/// <summary>What the agents of one process measured. Thread-safe: every agent reports here.</summary>
public sealed class AgentMetrics(int agents)
{
    private readonly TaskCompletionSource<double> _allConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _startTicks;
    private long _sent;
    private long _received;
    private long _online;
    private long _firstReplies;
    private long _reconnects;
    private long _configsReceived;
    private volatile bool _holding;

    public int Agents { get; } = agents;

    public ErrorCounts Errors { get; } = new();

    /// <summary>Connect attempt start to first reply, the first time each agent connects.</summary>
    public LatencyHistogram FirstReply { get; } = new();

    /// <summary>Run start to each agent's first reply: how the fleet's connecting spreads over time.</summary>
    public LatencyHistogram ConnectedAt { get; } = new();

    /// <summary>Run start to each agent's first connect attempt: the generator's own launch delay.</summary>
    public LatencyHistogram StartDelay { get; } = new();

    /// <summary>Loss of a WebSocket to the first reply on its replacement.</summary>
    public LatencyHistogram Reconnect { get; } = new();

    /// <summary>Heartbeat (or poll) send to reply, while holding.</summary>
    public LatencyHistogram Heartbeat { get; } = new();

    /// <summary>Health-change send to reply, while holding.</summary>
    public LatencyHistogram StatusChange { get; } = new();

    /// <summary>Every send-to-reply since the last progress line.</summary>
    public LatencyHistogram Interval { get; } = new();

    /// <summary>Milliseconds from start until every agent had its first reply.</summary>
    public Task<double> AllConnected => _allConnected.Task;

    public long Sent => Interlocked.Read(ref _sent);
    public long Received => Interlocked.Read(ref _received);
    public long Online => Interlocked.Read(ref _online);
    public long FirstReplies => Interlocked.Read(ref _firstReplies);
    public long Reconnects => Interlocked.Read(ref _reconnects);
    public long ConfigsReceived => Interlocked.Read(ref _configsReceived);

    /// <summary>Heartbeat and status round-trips count only while holding (steady state, not the connect storm).</summary>
    public bool Holding { get => _holding; set => _holding = value; }

    public void Started(long ticks) => Interlocked.Exchange(ref _startTicks, ticks);

    public void CountSent() => Interlocked.Increment(ref _sent);

    public void CountReceived() => Interlocked.Increment(ref _received);

    public void CountConfigReceived() => Interlocked.Increment(ref _configsReceived);

    public void CountReconnect() => Interlocked.Increment(ref _reconnects);

    public void WentOnline() => Interlocked.Increment(ref _online);

    public void WentOffline() => Interlocked.Decrement(ref _online);

    public void FirstAttemptStarted(long nowTicks) => StartDelay.RecordTicks(nowTicks - Interlocked.Read(ref _startTicks));

    public void FirstReplyReceived(long latencyTicks, long nowTicks)
    {
        var sinceStart = nowTicks - Interlocked.Read(ref _startTicks);
        FirstReply.RecordTicks(latencyTicks);
        ConnectedAt.RecordTicks(sinceStart);
        Interval.RecordTicks(latencyTicks);
        if (Interlocked.Increment(ref _firstReplies) == Agents)
        {
            // Timed here, by the last agent itself, not when a continuation gets round to it.
            _allConnected.TrySetResult(sinceStart * 1000.0 / System.Diagnostics.Stopwatch.Frequency);
        }
    }

    public void Reconnected(long latencyTicks)
    {
        Reconnect.RecordTicks(latencyTicks);
        Interval.RecordTicks(latencyTicks);
    }

    public void RoundTrip(MessageKind kind, long ticks)
    {
        Interval.RecordTicks(ticks);
        if (!_holding)
        {
            return;
        }
        if (kind == MessageKind.Heartbeat)
        {
            Heartbeat.RecordTicks(ticks);
        }
        else if (kind == MessageKind.StatusChange)
        {
            StatusChange.RecordTicks(ticks);
        }
    }
}
