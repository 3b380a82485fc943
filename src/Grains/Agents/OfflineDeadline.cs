namespace Fleet.Grains.Agents;

/// <summary>When a connected agent that should be heard from regularly counts as offline.</summary>
public static class OfflineDeadline
{
    /// <summary>The shortest wait before looking again (a deadline already past when it is watched).</summary>
    public static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    /// <summary>Whether an agent last heard at <paramref name="lastSeen"/> is overdue at <paramref name="now"/>.</summary>
    public static bool IsOverdue(DateTimeOffset lastSeen, TimeSpan offlineAfter, DateTimeOffset now) =>
        now - lastSeen >= offlineAfter;
}
