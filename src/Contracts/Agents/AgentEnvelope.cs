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
    [property: Id(2)] string? Credential = null)
{
    /// <summary>
    /// The message as the gateway parsed it, or null. Never serialized: it reaches the grain only when the
    /// grain runs in the gateway's process (the embedded default), where the envelope is passed as is, and
    /// saves the grain parsing the same bytes again (for a first message, the largest part of its
    /// allocations). The grain owns it from then on: the gateway does not read it after the call.
    /// </summary>
    [field: NonSerialized]
    public Fleet.Contracts.OpAmp.AgentToServer? Parsed { get; init; }
}
