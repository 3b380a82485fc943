using Fleet.Contracts.Agents;
using Fleet.Contracts.Configs;
using Fleet.Contracts.Inventory;
using Fleet.Contracts.OpAmp;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Configs;

/// <summary>
/// A config profile and its rollouts. Publishing a version assigns it batch by batch to the agents its
/// selector matches; a timer watches the current batch's answers and moves on, pauses on failures, or
/// completes (the version becomes stable: agents that appear later get it on first contact).
/// </summary>
/// <remarks>
/// The watch looks every <see cref="StepInterval"/> while answers keep arriving and once a second when
/// they do not, and asks only agents that have not applied yet. Progress is visible at once through
/// the API; it is saved at once when the rollout changes state or batch, otherwise at most once a second.
/// </remarks>
public sealed partial class ConfigProfileGrain(
    [PersistentState("profile", FleetStorage.Agents)] IPersistentState<ProfileState> state,
    TimeProvider clock,
    RolloutMetrics metrics,
    ILogger<ConfigProfileGrain> logger) : Grain, IConfigProfileGrain
{
    private static readonly TimeSpan StepInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan IdleInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);
    private IGrainTimer? _watch;
    private bool _progressing = true;
    private bool _unsaved;
    private DateTimeOffset _lastLook;
    private DateTimeOffset _lastSave;

    private string Name => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Rollout is { } rollout)
        {
            metrics.Report(Name, Progress(rollout));
            if (rollout.State == RolloutState.Running)
            {
                Watch();
            }
        }
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.Forget(Name);
        if (_unsaved && state.State.Rollout is { } rollout)
        {
            await Save(rollout);
        }
    }

    public Task<ProfileInfo?> Get() => Task.FromResult(state.State.Definition is null ? null : Info());

    public async Task<ProfileInfo> Define(ProfileDefinition definition)
    {
        state.State = state.State with { Definition = definition };
        await state.WriteStateAsync();
        await UpdateIndex();
        return Info();
    }

    public async Task<ProfileVersionInfo?> Publish(Dictionary<string, ConfigFile> files)
    {
        if (state.State.Definition is not { } definition)
        {
            return null;
        }
        var map = new AgentConfigMap();
        foreach (var (name, file) in files)
        {
            map.ConfigMap[name] = new AgentConfigFile { Body = ByteString.CopyFromUtf8(file.Body), ContentType = file.ContentType };
        }
        var hash = ConfigHash.ToHex(ConfigHash.Compute(map));
        if (state.State.Versions.LastOrDefault() is { } latest && latest.ConfigHash == hash)
        {
            return VersionInfo(latest);
        }

        var version = new StoredVersion(state.State.Versions.Count + 1, map.ToByteArray(), hash, clock.GetUtcNow());
        var targets = await MatchingAgents(definition.Selector);
        var rollout = new Rollout
        {
            Version = version.Version,
            PreviousVersion = state.State.StableVersion,
            Batches = RolloutPlanner.Batches(targets, definition.Policy),
            StartedAt = clock.GetUtcNow(),
        };
        state.State.Versions.Add(version);
        state.State = state.State with { Rollout = rollout };
        await state.WriteStateAsync();
        metrics.Report(Name, Progress(rollout));
        LogPublished(logger, Name, version.Version, targets.Count, rollout.Batches.Count);

        if (rollout.Batches.Count > 0)
        {
            await Assign(rollout.Batches[0], version);
        }
        await Step();
        Watch();
        return VersionInfo(version);
    }

    public Task<Dictionary<string, ConfigFile>?> GetVersion(int version)
    {
        var stored = state.State.Versions.FirstOrDefault(v => v.Version == version);
        return Task.FromResult(stored is null
            ? null
            : AgentConfigMap.Parser.ParseFrom(stored.ConfigMap).ConfigMap
                .ToDictionary(kv => kv.Key, kv => new ConfigFile(kv.Value.Body.ToStringUtf8(), kv.Value.ContentType)));
    }

    public async Task<bool> Control(RolloutAction action)
    {
        if (state.State.Rollout is not { } rollout)
        {
            return false;
        }
        switch (action)
        {
            case RolloutAction.Pause when rollout.State == RolloutState.Running:
                await Save(rollout with { State = RolloutState.Paused, PausedReason = "paused by an operator" });
                return true;
            case RolloutAction.Resume when rollout.State == RolloutState.Paused:
                await Save(rollout with { State = RolloutState.Running, PausedReason = null });
                Watch();
                await Step();
                return true;
            case RolloutAction.Rollback when rollout.State != RolloutState.RolledBack:
                await RollBack(rollout);
                return true;
            default:
                return false;
        }
    }

    private async Task RollBack(Rollout rollout)
    {
        var reached = rollout.Batches.Take(rollout.CurrentBatch + 1).SelectMany(b => b).ToList();
        if (rollout.PreviousVersion is { } previous)
        {
            await Assign(reached, state.State.Versions.Single(v => v.Version == previous));
        }
        else
        {
            await Task.WhenAll(reached.Select(uid => GrainFactory.GetGrain<IAgentGrain>(uid).UnassignProfile(Name)));
        }
        state.State = state.State with { StableVersion = rollout.PreviousVersion };
        await Save(rollout with { State = RolloutState.RolledBack, PausedReason = null });
        await UpdateIndex();
        LogRolledBack(logger, Name, rollout.Version, reached.Count);
    }

    /// <summary>Observes the batches reached so far and moves the rollout on.</summary>
    private async Task Step()
    {
        if (state.State.Rollout is not { State: RolloutState.Running } rollout)
        {
            StopWatching();
            return;
        }
        var now = clock.GetUtcNow();
        if (!_progressing && now - _lastLook < IdleInterval)
        {
            if (_unsaved && now - _lastSave >= SaveInterval)
            {
                await Save(rollout);
            }
            return;
        }
        _lastLook = now;
        var version = state.State.Versions.Single(v => v.Version == rollout.Version);
        var reached = rollout.Batches.Take(rollout.CurrentBatch + 1).SelectMany(b => b).ToList();
        var open = RolloutPlanner.StillOpen(reached, rollout.Outcomes);
        var observed = await Task.WhenAll(open.Select(uid => GrainFactory.GetGrain<IAgentGrain>(uid).GetConfigState()));
        var outcomes = new Dictionary<Guid, AgentOutcome>(reached.Count);
        foreach (var uid in reached)
        {
            if (rollout.Outcomes.GetValueOrDefault(uid) == AgentOutcome.Applied)
            {
                outcomes[uid] = AgentOutcome.Applied;
            }
        }
        for (var i = 0; i < open.Count; i++)
        {
            outcomes[open[i]] = RolloutPlanner.Outcome(observed[i], version.ConfigHash);
        }
        var next = rollout with { Outcomes = outcomes };
        var policy = state.State.Definition!.Policy;

        if (RolloutPlanner.ShouldPause(outcomes, policy.FailureThreshold))
        {
            var failed = outcomes.Values.Count(o => o == AgentOutcome.Failed);
            next = next with { State = RolloutState.Paused, PausedReason = $"{failed} agent(s) reported FAILED, above the {policy.FailureThreshold:P0} threshold" };
            LogAutoPaused(logger, Name, rollout.Version, failed);
        }
        else if (rollout.Batches.Count == 0 || RolloutPlanner.BatchDone(rollout.Batches[rollout.CurrentBatch], outcomes))
        {
            if (rollout.CurrentBatch + 1 < rollout.Batches.Count)
            {
                next = next with { CurrentBatch = rollout.CurrentBatch + 1 };
                await Assign(rollout.Batches[next.CurrentBatch], version);
            }
            else
            {
                next = next with { State = RolloutState.Completed };
                state.State = state.State with { StableVersion = rollout.Version };
                LogCompleted(logger, Name, rollout.Version);
            }
        }

        _progressing = !SameProgress(rollout, next);
        var turned = next.State != rollout.State || next.CurrentBatch != rollout.CurrentBatch;
        if (turned || (_progressing || _unsaved) && now - _lastSave >= SaveInterval)
        {
            await Save(next);
        }
        else if (_progressing)
        {
            // Shown at once (API, metrics); written with the next save.
            state.State = state.State with { Rollout = next };
            metrics.Report(Name, Progress(next));
            _unsaved = true;
        }
        if (next.State == RolloutState.Completed)
        {
            await UpdateIndex();
            await AssignLateJoiners(next, version);
        }
        if (next.State != RolloutState.Running)
        {
            StopWatching();
        }
    }

    /// <summary>Agents that matched after the rollout planned its batches get the version now.</summary>
    private async Task AssignLateJoiners(Rollout rollout, StoredVersion version)
    {
        var planned = rollout.Batches.SelectMany(b => b).ToHashSet();
        var late = (await MatchingAgents(state.State.Definition!.Selector)).Where(uid => !planned.Contains(uid)).ToList();
        await Assign(late, version);
    }

    private async Task Save(Rollout rollout)
    {
        state.State = state.State with { Rollout = rollout };
        await state.WriteStateAsync();
        metrics.Report(Name, Progress(rollout));
        _unsaved = false;
        _lastSave = clock.GetUtcNow();
    }

    private Task Assign(IEnumerable<Guid> agents, StoredVersion version)
    {
        var assignment = new ProfileAssignment(Name, version.Version, state.State.Definition!.Priority, version.ConfigMap, version.ConfigHash);
        return Task.WhenAll(agents.Select(uid => GrainFactory.GetGrain<IAgentGrain>(uid).AssignProfile(assignment)));
    }

    private async Task<List<Guid>> MatchingAgents(string selector)
    {
        var agents = await GrainFactory.QueryAgents(new AgentQuery(Selector: selector));
        return agents.Select(a => a.InstanceUid).ToList();
    }

    private Task UpdateIndex()
    {
        var definition = state.State.Definition!;
        var stable = state.State.StableVersion is { } v ? state.State.Versions.Single(x => x.Version == v) : null;
        var assignment = stable is null ? null : new ProfileAssignment(Name, stable.Version, definition.Priority, stable.ConfigMap, stable.ConfigHash);
        return GrainFactory.GetGrain<IProfileIndexGrain>(0).Upsert(new ProfileIndexEntry(Name, definition.Selector, definition.Priority, assignment));
    }

    private void Watch()
    {
        _progressing = true;
        _watch ??= this.RegisterGrainTimer(_ => Step(), new GrainTimerCreationOptions(StepInterval, StepInterval) { KeepAlive = true });
    }

    private void StopWatching()
    {
        _watch?.Dispose();
        _watch = null;
    }

    private static bool SameProgress(Rollout a, Rollout b) =>
        a.State == b.State && a.CurrentBatch == b.CurrentBatch && a.PausedReason == b.PausedReason
        && a.Outcomes.Count == b.Outcomes.Count && a.Outcomes.All(kv => b.Outcomes.GetValueOrDefault(kv.Key) == kv.Value);

    private ProfileInfo Info() => new(
        Name,
        state.State.Definition!,
        state.State.Versions.Select(VersionInfo).ToList(),
        state.State.StableVersion,
        state.State.Rollout is { } r ? Progress(r) : null);

    private static ProfileVersionInfo VersionInfo(StoredVersion v) => new(v.Version, v.ConfigHash, v.CreatedAt);

    private static RolloutProgress Progress(Rollout r)
    {
        int Count(AgentOutcome o) => r.Outcomes.Values.Count(x => x == o);
        var targets = r.Batches.Sum(b => b.Count);
        var applying = Count(AgentOutcome.Applying);
        var applied = Count(AgentOutcome.Applied);
        var failed = Count(AgentOutcome.Failed);
        var offline = Count(AgentOutcome.Offline);
        var overridden = Count(AgentOutcome.Overridden);
        return new RolloutProgress(
            r.Version, r.PreviousVersion,
            r.State switch { RolloutState.Running => "running", RolloutState.Paused => "paused", RolloutState.Completed => "completed", _ => "rolledBack" },
            r.PausedReason, r.CurrentBatch, r.Batches.Select(b => b.Count).ToList(), targets,
            targets - applying - applied - failed - offline - overridden, applying, applied, failed, r.StartedAt, offline, overridden);
    }
}
