namespace Fleet.Contracts.Configs;

/// <summary>What a rollout needs to know about one agent: connected, and what it reported for which hash.</summary>
[GenerateSerializer, Immutable, Alias("fleet.agent-config-state")]
public sealed record AgentConfigState(
    [property: Id(0)] bool Connected,
    [property: Id(1)] string? ReportedHash,
    [property: Id(2)] string ReportedStatus,
    [property: Id(3)] string? DesiredHash);
