namespace Fleet.Grains.Agents;

/// <summary>
/// What survives an agent grain's deactivation or a silo loss. Written only when one of these changes:
/// heartbeats and connection churn stay in memory.
/// </summary>
/// <remarks>
/// Encoded members are replaced, never changed in place, and marked [Immutable]: copies of the state
/// (the embedded store's, a local call's) share those arrays instead of duplicating them.
/// </remarks>
[GenerateSerializer, Alias("fleet.agent-state")]
public sealed record AgentState
{
    /// <summary>
    /// The last full status, as an encoded AgentToServer (sequence_num and flags cleared). The grain keeps
    /// it encoded between calls and parses it for the call that needs it. Never changed in place (a new
    /// status is a new array), hence [Immutable]: copies share it, so an in-process store holds it once.
    /// </summary>
    [Id(0), Immutable] public byte[]? Status { get; init; }

    /// <summary>The per-agent config set through the API (encoded AgentRemoteConfig); wins over profiles.</summary>
    [Id(1), Immutable] public byte[]? OverrideConfig { get; init; }

    [Id(2)] public DateTimeOffset FirstSeen { get; init; }

    /// <summary>When the status last changed (not when the agent was last heard from).</summary>
    [Id(3)] public DateTimeOffset StatusChangedAt { get; init; }

    /// <summary>Set when the server assigned this agent a new instance uid.</summary>
    [Id(4)] public Guid? ReplacedBy { get; init; }

    /// <summary>
    /// The agent's connection, written when it connects or disconnects (never per message), so a grain
    /// reactivated on another silo can still push to the gateway holding the socket.
    /// </summary>
    [Id(5)] public StoredConnection? Connection { get; init; }

    /// <summary>A restart not yet delivered; removed as soon as it is sent.</summary>
    [Id(6)] public PendingCommand? PendingRestart { get; init; }

    /// <summary>Profile versions assigned to this agent, by profile name.</summary>
    [Id(7)] public Dictionary<string, Fleet.Contracts.Configs.ProfileAssignment> Profiles { get; init; } = [];

    /// <summary>The packages offered to this agent (encoded PackagesAvailable).</summary>
    [Id(8), Immutable] public byte[]? OfferedPackages { get; init; }

    /// <summary>Custom messages the agent sent (the last <see cref="AgentGrain.KeptCustomMessages"/>).</summary>
    [Id(9)] public List<Fleet.Contracts.Messages.CustomMessageRecord> ReceivedMessages { get; init; } = [];

    /// <summary>Custom messages waiting for a polling agent, oldest first.</summary>
    [Id(10)] public List<Fleet.Contracts.Messages.CustomMessageRecord> OutgoingMessages { get; init; } = [];

    /// <summary>Connection settings offered to this agent (encoded ConnectionSettingsOffers, with hash).</summary>
    [Id(11), Immutable] public byte[]? ConnectionSettings { get; init; }

    /// <summary>The last client certificate issued to this agent.</summary>
    [Id(12)] public Fleet.Contracts.Connections.IssuedCertificate? Certificate { get; init; }
}
