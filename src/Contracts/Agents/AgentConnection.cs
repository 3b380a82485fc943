namespace Fleet.Contracts.Agents;

/// <summary>Where an agent is connected: the gateway process, its push target and the connection id.</summary>
[GenerateSerializer, Immutable, Alias("fleet.agent-connection")]
public sealed record AgentConnection(
    [property: Id(0)] Guid ConnectionId,
    [property: Id(1)] AgentTransport Transport,
    [property: Id(2)] string GatewayId,
    [property: Id(3)] IAgentConnectionObserver? Gateway,
    [property: Id(4)] bool AnswersProbes = false);
