using Fleet.Contracts.Agents;
using Orleans.Concurrency;

namespace Fleet.Contracts.Inventory;

/// <summary>
/// One shard of the agent directory (key = shard number). Agent grains report their summary here on
/// change, so the API lists the fleet by asking a handful of shards instead of every agent.
/// </summary>
[Alias("fleet.agent-directory")]
public interface IAgentDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("upsert")]
    Task Upsert(AgentSummary summary);

    [Alias("remove")]
    Task Remove(Guid instanceUid);

    [Alias("list"), ReadOnly]
    Task<List<AgentSummary>> List();

    [Alias("query"), ReadOnly]
    Task<List<AgentSummary>> Query(AgentQuery query);

    [Alias("overview"), ReadOnly]
    Task<FleetOverview> Overview();

    /// <summary>Registers (or refreshes) a change subscriber; subscriptions expire unless renewed.</summary>
    [Alias("subscribe")]
    Task Subscribe(IFleetEventObserver observer);

    /// <summary>Relays an event that is not a summary change (a custom message) to subscribers.</summary>
    [Alias("publish")]
    Task Publish(AgentEvent agentEvent);

    [Alias("unsubscribe")]
    Task Unsubscribe(IFleetEventObserver observer);
}
