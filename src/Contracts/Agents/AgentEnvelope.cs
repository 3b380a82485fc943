namespace Fleet.Contracts.Agents;

/// <summary>
/// An encoded AgentToServer message plus the connection it arrived on, and the per-agent credential
/// to offer the agent (opamp.headers) when it came with an enrollment token.
/// </summary>
/// <remarks>Immutable so that Orleans passes it without a copy inside one process.</remarks>
[GenerateSerializer, Immutable, Alias("fleet.agent-envelope")]
public sealed record AgentEnvelope(
    [property: Id(0)] byte[] Message,
    [property: Id(1)] AgentConnection Connection,
    [property: Id(2)] string? Credential = null);
