using Fleet.Contracts;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Inventory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Metadata;
using Orleans.Utilities;

namespace Fleet.Grains.Inventory;

/// <summary>
/// One shard of the fleet's summaries: an index derived from the agent grains (which hold the truth).
/// Writes are incremental (<see cref="IDirectoryStore"/>): only the agents changed since the last write.
/// A new agent is saved before Upsert returns (group commits, see <see cref="DirectoryOptions"/>);
/// other changes are saved in the background, at most once per flush interval and only after a real
/// change (a refreshed last-seen is not one). After a silo loss, changes of the last interval come
/// back as agents republish on their next message.
/// </summary>
[Reentrant]
public sealed partial class AgentDirectoryGrain(
    IDirectoryStore store,
    IOptions<DirectoryOptions> options,
    IOptions<Agents.AgentPolicyOptions> policy,
    TimeProvider clock,
    IClusterManifestProvider manifests,
    GrainInterfaceTypeResolver interfaceTypes,
    ILogger<AgentDirectoryGrain> logger)
    : Grain, IAgentDirectoryGrain, IAgentDirectoryReads, IAgentDirectoryCursorReads
{
    /// <summary>Gateways renew their subscriptions well within this.</summary>
    private static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(2);
    private readonly ObserverManager<IFleetEventObserver> _subscribers = new(SubscriptionLifetime, logger);
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);
    private readonly Dictionary<Guid, AgentSummary> _agents = [];
    private readonly UnsavedAgents _unsaved = new();
    private Task _writing = Task.CompletedTask;
    private Task? _nextWrite;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var summary in await store.Read(this.GetPrimaryKeyLong()))
        {
            _agents[summary.InstanceUid] = summary;
        }
        this.RegisterGrainTimer(_ => _unsaved.Count > 0 ? Save() : Task.CompletedTask, new GrainTimerCreationOptions(FlushInterval, FlushInterval) { KeepAlive = true });
        if (policy.Value.ForgetsOfflineAgents)
        {
            var every = Agents.AgentRetention.SweepInterval(policy.Value.ForgetOfflineAfter);
            // The shards' first sweeps spread over one interval, not all 64 at once.
            var first = Agents.AgentRetention.MinimumSweep + (every - Agents.AgentRetention.MinimumSweep) * Random.Shared.NextDouble();
            this.RegisterGrainTimer(_ => ForgetExpired(), new GrainTimerCreationOptions(first, every) { KeepAlive = true });
        }
    }

    /// <summary>Agents per shard asked to forget themselves at once by a retention sweep.</summary>
    private const int ForgetsInFlight = 16;

    /// <summary>
    /// The retention sweep: each offline agent silent past the retention is asked to forget itself (its
    /// grain decides, on its own state: it may have come back since this shard last heard of it). An
    /// entry whose grain knows nothing of the agent is stale, and the grain unlists it too. Orleans
    /// starts the next tick only after this one finished, so sweeps never overlap. While a silo of an
    /// earlier release is in the cluster, nothing is forgotten.
    /// </summary>
    private async Task ForgetExpired()
    {
        if (!ClusterSupport.EverySiloHas(manifests.Current, interfaceTypes.GetGrainInterfaceType(typeof(IAgentRetirement))))
        {
            return; // a rolling upgrade: silos of the earlier release cannot forget their agents yet
        }
        var retention = policy.Value.ForgetOfflineAfter;
        var cutoff = clock.GetUtcNow() - retention;
        var expired = Agents.AgentRetention.Expired(_agents.Values, cutoff);
        var (forgotten, failed) = (0, 0);
        Exception? firstFailure = null;
        foreach (var batch in expired.Chunk(ForgetsInFlight))
        {
            var outcomes = await Task.WhenAll(batch.Select(async uid =>
            {
                try
                {
                    return await GrainFactory.GetGrain<IAgentRetirement>(uid).Forget(cutoff);
                }
                catch (Exception e)
                {
                    firstFailure ??= e;
                    return (ForgetOutcome?)null;
                }
            }));
            forgotten += outcomes.Count(o => o == ForgetOutcome.Forgotten);
            failed += outcomes.Count(o => o is null);
        }
        if (forgotten > 0)
        {
            LogForgotten(logger, this.GetPrimaryKeyLong(), forgotten, retention);
        }
        if (firstFailure is not null)
        {
            // Still listed: the next sweep asks again. One line per sweep, not per agent (storage down).
            LogForgetFailed(logger, this.GetPrimaryKeyLong(), failed, firstFailure);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!options.Value.SavesOnDeactivation(_unsaved.Count > 0, reason.ReasonCode))
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
        _agents.TryGetValue(summary.InstanceUid, out var previous);
        _agents[summary.InstanceUid] = summary;
        if (Agents.AgentSummaries.Differ(previous, summary))
        {
            _unsaved.Add(summary.InstanceUid);
            Publish(AgentEvents.Kind(previous, summary), summary);
        }
        return previous is null && options.Value.SaveNewAgentsImmediately ? Save() : Task.CompletedTask;
    }

    public Task Remove(Guid instanceUid)
    {
        if (!_agents.Remove(instanceUid, out var removed))
        {
            return Task.CompletedTask;
        }
        _unsaved.Add(instanceUid);
        Publish(AgentEvents.Removed, removed);
        // Saved before confirming, as a new agent is: a forgotten agent must not come back with a lost write.
        return options.Value.SaveNewAgentsImmediately ? Save() : Task.CompletedTask;
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

    public Task<List<AgentSummary>> List() => Task.FromResult(_agents.Values.ToList());

    public Task<List<AgentSummary>> Query(AgentQuery query)
    {
        var matches = AgentFilter.Compile(query);
        return Task.FromResult(_agents.Values.Where(matches).ToList());
    }

    public Task<AgentSlice> Page(AgentQuery query, AgentOrder order, int take) =>
        Task.FromResult(AgentFilter.Slice(_agents.Values, AgentFilter.Compile(query), order, take));

    public Task<AgentSlice> PageAfter(AgentQuery query, AgentCursor after, int take) =>
        Task.FromResult(AgentFilter.SliceAfter(_agents.Values, AgentFilter.Compile(query), after, take));

    public Task<int> Count(AgentQuery query) => Task.FromResult(_agents.Values.Count(AgentFilter.Compile(query)));

    public Task<FleetTally> Tally() => Task.FromResult(FleetTally.Of(_agents.Values));

    public Task<FleetOverview> Overview() => Task.FromResult(AgentFilter.Overview(_agents.Values));

    /// <summary>Completes once a write that started after this call has finished.</summary>
    private Task Save() => _nextWrite ??= WriteAfterCurrent();

    private async Task WriteAfterCurrent()
    {
        // Let the write in flight finish (and let concurrent callers join this one meanwhile).
        await _writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        await Task.Yield();
        _nextWrite = null;
        var (saved, removed, taken) = _unsaved.Take(_agents);
        var write = saved.Count + removed.Count == 0 ? Task.CompletedTask : store.Write(this.GetPrimaryKeyLong(), saved, removed);
        _writing = write;
        try
        {
            await write;
        }
        catch
        {
            _unsaved.Restore(taken); // the timer tries again
            throw;
        }
    }
}
