namespace Fleet.Contracts.Agents;

/// <summary>
/// Everything the server knows about one agent. Status and desired config travel as encoded
/// protobuf (AgentToServer / AgentRemoteConfig) so the API renders exactly what the agent said.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.agent-detail")]
public sealed record AgentDetail(
    [property: Id(0)] AgentSummary Summary,
    [property: Id(1)] byte[] Status,
    [property: Id(2)] byte[]? DesiredConfig,
    [property: Id(3)] string? GatewayId,
    [property: Id(4)] DateTimeOffset FirstSeen,
    [property: Id(5)] ulong? LastSequenceNum,
    [property: Id(6)] string? ConfigSource = null,
    [property: Id(7)] byte[]? ConnectionSettings = null,
    [property: Id(8)] Fleet.Contracts.Connections.IssuedCertificate? Certificate = null);
