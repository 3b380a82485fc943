using Fleet.Contracts.Agents;

namespace Fleet.Contracts.Inventory;

/// <summary>
/// A change in the fleet: kind is added, connected, disconnected, changed, removed — or customMessage,
/// with the message the agent sent.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.agent-event")]
public sealed record AgentEvent(
    [property: Id(0)] string Kind,
    [property: Id(1)] AgentSummary Agent,
    [property: Id(2)] Fleet.Contracts.Messages.CustomMessageRecord? Message = null);
