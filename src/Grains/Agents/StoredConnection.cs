using Fleet.Contracts.Agents;

namespace Fleet.Grains.Agents;

/// <summary>An agent connection as stored: the gateway observer as a grain id string, so plain JSON can hold it.</summary>
[GenerateSerializer, Alias("fleet.stored-connection")]
public sealed record StoredConnection(
    [property: Id(0)] Guid ConnectionId,
    [property: Id(1)] AgentTransport Transport,
    [property: Id(2)] string GatewayId,
    [property: Id(3)] string? Observer,
    [property: Id(4)] bool Connected,
    [property: Id(5)] bool AnswersProbes = false);
