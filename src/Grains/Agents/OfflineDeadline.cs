namespace Fleet.Grains.Agents;

/// <summary>When a connected agent that should be heard from regularly counts as offline.</summary>
public static class OfflineDeadline
{
    /// <summary>The shortest wait before looking again (a timer that fires a little early).</summary>
    public static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    /// <summary>Whether an agent last heard at <paramref name="lastSeen"/> is overdue at <paramref name="now"/>.</summary>
    public static bool IsOverdue(DateTimeOffset lastSeen, TimeSpan offlineAfter, DateTimeOffset now) =>
        now - lastSeen >= offlineAfter;

    /// <summary>
    /// When to look again: when the agent would be overdue if nothing arrives meanwhile (messages move
    /// that deadline without touching any timer). Already past it, yet still online (an agent not
    /// expected to report regularly), a whole window later.
    /// </summary>
    public static TimeSpan NextCheck(DateTimeOffset lastSeen, TimeSpan offlineAfter, DateTimeOffset now)
    {
        var rest = lastSeen + offlineAfter - now;
        if (rest <= TimeSpan.Zero)
        {
            return offlineAfter;
        }
        return rest < MinimumWait ? MinimumWait : rest;
    }
}
