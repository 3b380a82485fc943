namespace Fleet.Contracts.Agents;

/// <summary>
/// The encoded ServerToAgent reply; whether the gateway should close the connection after sending it;
/// and the uid the server just assigned, which the connection must accept from now on.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.agent-reply")]
public sealed record AgentReply(
    [property: Id(0)] byte[] Message,
    [property: Id(1)] bool Close = false,
    [property: Id(2)] Guid? RenamedTo = null);
