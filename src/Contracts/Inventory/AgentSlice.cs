using Fleet.Contracts.Agents;

namespace Fleet.Contracts.Inventory;

/// <summary>
/// One shard's answer to a page request: how many of its agents match, and the first
/// <c>take</c> of them in the requested order (all of them, in no order, when that many or fewer match).
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.agent-slice")]
public sealed record AgentSlice([property: Id(0)] int Total, [property: Id(1)] List<AgentSummary> Items);
