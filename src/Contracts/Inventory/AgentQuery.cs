using Fleet.Contracts.Agents;

namespace Fleet.Contracts.Inventory;

/// <summary>Which agents to list; every set criterion must hold. The selector is label-selector text.</summary>
[GenerateSerializer, Immutable, Alias("fleet.agent-query")]
public sealed record AgentQuery(
    [property: Id(0)] string? Selector = null,
    [property: Id(1)] bool? Connected = null,
    [property: Id(2)] bool? Healthy = null,
    [property: Id(3)] string? ConfigStatus = null,
    [property: Id(4)] bool? Drifted = null,
    [property: Id(5)] AgentTransport? Transport = null,
    [property: Id(6)] string? Search = null)
{
    public static AgentQuery All { get; } = new();
}
