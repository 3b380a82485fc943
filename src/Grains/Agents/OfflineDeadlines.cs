namespace Fleet.Grains.Agents;

/// <summary>
/// The queue behind <see cref="OfflineWatch"/>: entries ordered by when their agent would be overdue,
/// with no clock of its own (tests drive it with plain ticks). Thread-safe.
/// </summary>
public sealed class OfflineDeadlines(TimeSpan window)
{
    private readonly long _windowTicks = window.Ticks;
    private readonly Lock _lock = new();
    private readonly PriorityQueue<OfflineWatchEntry, long> _queue = new();

    /// <summary>Entries held, live or stopped but not yet dropped.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Watches agent <paramref name="uid"/>, last heard at <paramref name="lastSeenTicks"/>: overdue a window
    /// after that, but looked at no sooner than <see cref="OfflineDeadline.MinimumWait"/> after <paramref name="nowTicks"/>.
    /// </summary>
    public OfflineWatchEntry Watch(Guid uid, long lastSeenTicks, long nowTicks)
    {
        var entry = new OfflineWatchEntry(uid, lastSeenTicks);
        lock (_lock)
        {
            _queue.Enqueue(entry, Math.Max(entry.DueTicks(_windowTicks), nowTicks + OfflineDeadline.MinimumWait.Ticks));
        }
        return entry;
    }

    /// <summary>
    /// Takes the deadlines passed at <paramref name="nowTicks"/>: an entry whose agent was heard from since
    /// goes back in at its new deadline, a stopped one is dropped, and the rest are stopped and returned
    /// (their grains decide, and watch again if the agent stays connected).
    /// </summary>
    public List<Guid> Overdue(long nowTicks)
    {
        var overdue = new List<Guid>();
        lock (_lock)
        {
            while (_queue.TryPeek(out var entry, out var at) && at <= nowTicks)
            {
                _queue.Dequeue();
                if (entry.Stopped)
                {
                    continue;
                }
                var due = entry.DueTicks(_windowTicks);
                if (due > nowTicks)
                {
                    _queue.Enqueue(entry, due);
                }
                else
                {
                    entry.Stop();
                    overdue.Add(entry.Uid);
                }
            }
        }
        return overdue;
    }
}
