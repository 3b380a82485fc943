namespace Fleet.Grains.Agents;

/// <summary>When a connected agent that should be heard from regularly counts as offline.</summary>
public static class OfflineDeadline
{
    /// <summary>The shortest wait before looking again (a timer that fires a little early, a deadline already past).</summary>
    public static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    /// <summary>Whether an agent last heard at <paramref name="lastSeen"/> is overdue at <paramref name="now"/>.</summary>
    public static bool IsOverdue(DateTimeOffset lastSeen, TimeSpan offlineAfter, DateTimeOffset now) =>
        now - lastSeen >= offlineAfter;

    /// <summary>
    /// When to look again: when the agent would be overdue if nothing arrives meanwhile (messages move
    /// that deadline without touching any timer). An agent not expected to report regularly (no
    /// heartbeats over WebSocket) is never overdue; it is looked at again a window later, in case it
    /// starts to report.
    /// </summary>
    public static TimeSpan NextCheck(DateTimeOffset lastSeen, TimeSpan offlineAfter, DateTimeOffset now, bool expectsRegularMessages)
    {
        if (!expectsRegularMessages)
        {
            return offlineAfter;
        }
        var rest = lastSeen + offlineAfter - now;
        return rest < MinimumWait ? MinimumWait : rest;
    }
}
