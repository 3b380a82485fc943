namespace Fleet.Client;

/// <summary>How long a client waits between heartbeats (WebSocket) or polls (plain HTTP).</summary>
public static class HeartbeatSchedule
{
    /// <summary>
    /// The interval spread evenly within ± <paramref name="jitter"/> of itself: the mean stays the
    /// interval the server asked for, and agents that happen to be in step drift apart.
    /// </summary>
    /// <param name="jitter">A fraction of the interval, clamped to [0, 1].</param>
    /// <param name="random">A uniform sample in [0, 1).</param>
    public static TimeSpan Wait(TimeSpan interval, double jitter, double random) =>
        interval * (1 + Math.Clamp(jitter, 0, 1) * (2 * random - 1));
}
