namespace Fleet.Contracts.Security;

/// <summary>What a gateway needs to authenticate agents without asking a grain per message.</summary>
/// <param name="Version">Grows with every change; gateways ask for a newer one.</param>
/// <param name="SigningKey">HMAC key of per-agent credentials, shared by every gateway.</param>
/// <param name="Tokens">Enrollment tokens that are not revoked (expired ones included: gateways check the time).</param>
/// <param name="Agents">Agents with a credential generation above zero or refused, by instance uid.</param>
[GenerateSerializer, Immutable, Alias("fleet.agent-access-snapshot")]
public sealed record AgentAccessSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] byte[] SigningKey,
    [property: Id(2)] List<EnrollmentTokenDigest> Tokens,
    [property: Id(3)] Dictionary<Guid, AgentRevocation> Agents);
