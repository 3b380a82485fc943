namespace Fleet.Grains.Agents;

/// <summary>One agent's place in the <see cref="OfflineWatch"/>: written by its grain, read by the watch's tick.</summary>
public sealed class OfflineWatchEntry(Guid uid, long lastSeenTicks)
{
    private long _lastSeenTicks = lastSeenTicks;
    private int _stopped;

    public Guid Uid => uid;

    public bool Stopped => Volatile.Read(ref _stopped) != 0;

    /// <summary>The agent was heard from: its deadline moves, no timer touched.</summary>
    public void Seen(DateTimeOffset at) => Volatile.Write(ref _lastSeenTicks, at.UtcTicks);

    /// <summary>No longer watched (disconnected, deactivated, or handed to its grain to decide).</summary>
    public void Stop() => Volatile.Write(ref _stopped, 1);

    internal long DueTicks(long windowTicks) => Volatile.Read(ref _lastSeenTicks) + windowTicks;
}
