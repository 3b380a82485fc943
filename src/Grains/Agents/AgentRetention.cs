using Fleet.Contracts.Agents;

namespace Fleet.Grains.Agents;

/// <summary>
/// When an agent may be forgotten (<see cref="IAgentRetirement.Forget"/>), and which agents a directory
/// shard's retention sweep asks about (<see cref="AgentPolicyOptions.ForgetOfflineAfter"/>).
/// </summary>
public static class AgentRetention
{
    /// <summary>The shortest and longest time between two sweeps of a shard.</summary>
    public static readonly TimeSpan MinimumSweep = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaximumSweep = TimeSpan.FromHours(1);

    /// <param name="known">The grain holds state for this uid.</param>
    /// <param name="connected">The agent is connected now.</param>
    /// <param name="lastSeen">When it was last heard from.</param>
    /// <param name="silentSince">A sweep's cut-off: refuse if heard from after it. Null for an operator's request.</param>
    public static ForgetOutcome Decide(bool known, bool connected, DateTimeOffset lastSeen, DateTimeOffset? silentSince) =>
        !known ? ForgetOutcome.UnknownAgent
        : connected ? ForgetOutcome.Connected
        : silentSince is { } cutoff && lastSeen > cutoff ? ForgetOutcome.SeenSince
        : ForgetOutcome.Forgotten;

    /// <summary>Listed agents offline and last heard from at or before <paramref name="cutoff"/>.</summary>
    public static List<Guid> Expired(IEnumerable<AgentSummary> agents, DateTimeOffset cutoff) =>
        agents.Where(a => !a.Connected && a.LastSeen <= cutoff).Select(a => a.InstanceUid).ToList();

    /// <summary>
    /// A tenth of the retention, between a second and an hour: an agent is forgotten at most that much
    /// later than due, and a shard with nothing to forget costs one pass over its summaries per sweep.
    /// </summary>
    public static TimeSpan SweepInterval(TimeSpan forgetAfter)
    {
        var tenth = forgetAfter / 10;
        return tenth < MinimumSweep ? MinimumSweep : tenth > MaximumSweep ? MaximumSweep : tenth;
    }
}
