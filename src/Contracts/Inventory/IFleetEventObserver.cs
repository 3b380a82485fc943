using Orleans.Concurrency;

namespace Fleet.Contracts.Inventory;

/// <summary>A gateway's subscription to fleet changes (it relays them to API consumers as server-sent events).</summary>
[Alias("fleet.event-observer")]
public interface IFleetEventObserver : IGrainObserver
{
    [OneWay, Alias("on-agent-event")]
    Task OnAgentEvent(AgentEvent agentEvent);
}
