using Fleet.Contracts.Agents;
using Fleet.Contracts.Inventory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Utilities;

namespace Fleet.Grains.Inventory;

/// <summary>
/// One shard of the fleet's summaries: an index derived from the agent grains (which hold the truth).
/// A new agent is saved before Upsert returns (group commits, see <see cref="DirectoryOptions"/>);
/// other changes are saved in the background, at most once per flush interval and only after a real
/// change (a refreshed last-seen is not one). After a silo loss, changes of the last interval come
/// back as agents republish on their next message.
/// </summary>
[Reentrant]
public sealed partial class AgentDirectoryGrain(
    [PersistentState("directory", FleetStorage.Directory)] IPersistentState<DirectoryState> state,
    IOptions<DirectoryOptions> options,
    ILogger<AgentDirectoryGrain> logger)
    : Grain, IAgentDirectoryGrain
{
    /// <summary>Gateways renew their subscriptions well within this.</summary>
    private static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(2);
    private readonly ObserverManager<IFleetEventObserver> _subscribers = new(SubscriptionLifetime, logger);
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);
    private bool _dirty;
    private Task _writing = Task.CompletedTask;
    private Task? _nextWrite;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(_ => _dirty ? Save() : Task.CompletedTask, new GrainTimerCreationOptions(FlushInterval, FlushInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!options.Value.SavesOnDeactivation(_dirty, reason.ReasonCode))
        {
            return;
        }
        try
        {
            await Save();
        }
        catch (Exception e) when (reason.ReasonCode == DeactivationReasonCode.ShuttingDown)
        {
            // The silo is going away with its storage; the agents republish their summaries on contact.
            LogNotSavedOnShutdown(logger, e);
        }
    }

    public Task Upsert(AgentSummary summary)
    {
        state.State.Agents.TryGetValue(summary.InstanceUid, out var previous);
        state.State.Agents[summary.InstanceUid] = summary;
        if (Agents.AgentSummaries.Differ(previous, summary))
        {
            _dirty = true;
            Publish(AgentEvents.Kind(previous, summary), summary);
        }
        return previous is null && options.Value.SaveNewAgentsImmediately ? Save() : Task.CompletedTask;
    }

    public Task Remove(Guid instanceUid)
    {
        if (state.State.Agents.Remove(instanceUid, out var removed))
        {
            _dirty = true;
            Publish(AgentEvents.Removed, removed);
        }
        return Task.CompletedTask;
    }

    public Task Subscribe(IFleetEventObserver observer)
    {
        _subscribers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Publish(AgentEvent agentEvent)
    {
        if (_subscribers.Count > 0)
        {
            _subscribers.Notify(o => o.OnAgentEvent(agentEvent));
        }
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IFleetEventObserver observer)
    {
        _subscribers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private void Publish(string kind, AgentSummary agent)
    {
        if (_subscribers.Count > 0)
        {
            var agentEvent = new AgentEvent(kind, agent);
            _subscribers.Notify(o => o.OnAgentEvent(agentEvent));
        }
    }

    public Task<List<AgentSummary>> List() => Task.FromResult(state.State.Agents.Values.ToList());

    public Task<List<AgentSummary>> Query(AgentQuery query)
    {
        var matches = AgentFilter.Compile(query);
        return Task.FromResult(state.State.Agents.Values.Where(matches).ToList());
    }

    public Task<FleetOverview> Overview() => Task.FromResult(AgentFilter.Overview(state.State.Agents.Values));

    /// <summary>Completes once a write that started after this call has finished.</summary>
    private Task Save() => _nextWrite ??= WriteAfterCurrent();

    private async Task WriteAfterCurrent()
    {
        // Let the write in flight finish (and let concurrent callers join this one meanwhile).
        await _writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        await Task.Yield();
        _nextWrite = null;
        _dirty = false;
        var write = state.WriteStateAsync();
        _writing = write;
        try
        {
            await write;
        }
        catch
        {
            _dirty = true; // the timer tries again
            throw;
        }
    }
}
