namespace Fleet.Client;

/// <summary>
/// The heartbeat deadlines of every <see cref="OpAmpClient"/> in the process, on one runtime timer.
/// With a timer of its own per client, a process simulating thousands of agents keeps thousands of
/// runtime timers, and the runtime walks its timer lists on every tick: a fifth of a load generator's
/// CPU while it held 10k idle agents. Deadlines fire within <see cref="Resolution"/> of their time,
/// together with any others due by then: heartbeats seconds apart need no better, and the process
/// wakes at most 100 times a second for all of them.
/// </summary>
internal sealed class HeartbeatClock
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(10);

    private static readonly long ResolutionMs = (long)Resolution.TotalMilliseconds;

    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();

    // One live entry per deadline at most (plus superseded ones, dropped when they surface): a client
    // that sends often moves its deadline later without adding entries.
    private readonly PriorityQueue<HeartbeatDeadline, long> _queue = new();
    private long _armedFor = long.MaxValue;

    public HeartbeatClock(TimeProvider time)
    {
        _time = time;
        _origin = time.GetTimestamp();
        _timer = time.CreateTimer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public static HeartbeatClock Shared { get; } = new(TimeProvider.System);

    /// <summary>Entries held, live or superseded (for tests).</summary>
    internal int Queued
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>(Re)sets the deadline to <paramref name="wait"/> from now; infinite: no heartbeat.</summary>
    public void Schedule(HeartbeatDeadline deadline, TimeSpan wait)
    {
        var now = Now();
        var due = wait == Timeout.InfiniteTimeSpan ? long.MaxValue : now + Math.Max(0, (long)wait.TotalMilliseconds);
        lock (_lock)
        {
            deadline.DueAt = due;
            // A later deadline keeps its earlier entry, which re-queues itself when it surfaces.
            if (due < deadline.QueuedAt)
            {
                Enqueue(deadline, due, now);
            }
        }
    }

    public void Cancel(HeartbeatDeadline deadline)
    {
        lock (_lock)
        {
            deadline.DueAt = long.MaxValue;
        }
    }

    private long Now() => (long)_time.GetElapsedTime(_origin).TotalMilliseconds;

    private void Enqueue(HeartbeatDeadline deadline, long at, long now)
    {
        deadline.QueuedAt = at;
        _queue.Enqueue(deadline, at);
        if (at < _armedFor)
        {
            Arm(at, now);
        }
    }

    private void Arm(long at, long now)
    {
        _armedFor = at;
        _timer.Change(TimeSpan.FromMilliseconds(Math.Max(0, at - now)), Timeout.InfiniteTimeSpan);
    }

    private void Tick()
    {
        List<HeartbeatDeadline>? due = null;
        lock (_lock)
        {
            var now = Now();
            var horizon = now + ResolutionMs;
            _armedFor = long.MaxValue;
            while (_queue.TryPeek(out var deadline, out var at) && at <= horizon)
            {
                _queue.Dequeue();
                if (deadline.QueuedAt != at)
                {
                    continue; // superseded by an earlier entry
                }
                deadline.QueuedAt = long.MaxValue;
                if (deadline.DueAt <= horizon)
                {
                    deadline.DueAt = long.MaxValue;
                    (due ??= []).Add(deadline);
                }
                else if (deadline.DueAt != long.MaxValue)
                {
                    Enqueue(deadline, deadline.DueAt, now); // moved later since it was queued
                }
            }
            if (_queue.TryPeek(out _, out var next))
            {
                // Not sooner than one resolution from now: deadlines close together fire together.
                Arm(Math.Max(next, horizon), now);
            }
        }
        if (due is not null)
        {
            foreach (var deadline in due)
            {
                deadline.Fire();
            }
        }
    }
}
