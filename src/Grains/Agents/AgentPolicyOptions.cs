namespace Fleet.Grains.Agents;

/// <summary>Server-side agent policy (section "Fleet:Agents").</summary>
public sealed class AgentPolicyOptions
{
    public const string Section = "Fleet:Agents";

    /// <summary>Offered to agents that report heartbeats (OpAMPConnectionSettings.heartbeat_interval_seconds).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An HTTP agent, or a heartbeating WebSocket agent, silent this long is marked disconnected.</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>OfflineAfter, but never less than two heartbeat intervals (one late heartbeat is not an outage).</summary>
    public TimeSpan EffectiveOfflineAfter => OfflineAfter > HeartbeatInterval * 2 ? OfflineAfter : HeartbeatInterval * 2;

    /// <summary>
    /// A WebSocket agent that reports no heartbeats may stay silent: after this long without a message
    /// its gateway is asked whether it still holds the socket, and the agent is listed disconnected if
    /// not (a gateway that died without a word, its agent gone too). Zero, the default: the offline window.
    /// </summary>
    public TimeSpan QuietAgentCheck { get; set; } = TimeSpan.Zero;

    /// <summary><see cref="QuietAgentCheck"/>, or the offline window when not set.</summary>
    public TimeSpan EffectiveQuietAgentCheck => QuietAgentCheck > TimeSpan.Zero ? QuietAgentCheck : EffectiveOfflineAfter;

    /// <summary>
    /// Offline agents not heard from for this long are forgotten: their state deleted, their entry gone
    /// from the agent list (an agent that comes back later starts afresh). Zero, the default, keeps
    /// them forever. Where every pod start brings a new instance uid (collectors without a persisted
    /// uid), this keeps the inventory to the agents that still exist.
    /// </summary>
    public TimeSpan ForgetOfflineAfter { get; set; } = TimeSpan.Zero;

    /// <summary>Whether offline agents are forgotten at all (<see cref="ForgetOfflineAfter"/>).</summary>
    public bool ForgetsOfflineAgents => ForgetOfflineAfter > TimeSpan.Zero;

    /// <summary>How stale a directory entry's last-seen may get before a heartbeat refreshes it.</summary>
    public TimeSpan LastSeenRefresh { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// LastSeenRefresh, but never less than one and a half heartbeat intervals: every other heartbeat at
    /// most refreshes the directory. Heartbeats slower than the refresh would otherwise each cost a
    /// directory call besides their own (half of a holding silo's grain calls at 2-minute heartbeats).
    /// </summary>
    public TimeSpan EffectiveLastSeenRefresh => LastSeenRefresh > HeartbeatInterval * 1.5 ? LastSeenRefresh : HeartbeatInterval * 1.5;
}
