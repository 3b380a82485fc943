using Fleet.Contracts;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Configs;
using Fleet.Contracts.Inventory;
using Fleet.Contracts.OpAmp;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Configs;

/// <summary>
/// A config profile and its rollouts. Publishing a version assigns it batch by batch to the agents its
/// selector matches; the agents' reports move the rollout on: next batch, pause on failures, or
/// completion (the version becomes stable: agents that appear later get it on first contact).
/// </summary>
/// <remarks>
/// Push, not pull: each assigned agent's grain reports when its config status changes
/// (<see cref="ReportOutcome"/>), and the rollout decides on every report from running counts
/// (<see cref="RolloutTally"/>). A sweep every <see cref="RolloutOptions.ReconcileInterval"/> asks the
/// reached agents that have not applied, for what reports cannot tell (a lost one-way message, an agent
/// gone offline). Publishing returns once the version and the plan are saved; the batch goes out right
/// after, in a turn of its own. Reports interleave with that turn (and with sweeps): they only record,
/// so 10k agents answering while their batch is still being assigned do not queue behind it; a decision
/// they make possible is taken in a turn of its own (<see cref="Advance"/>). Progress is visible at once
/// through the API; it is saved at once when the rollout changes state or batch, otherwise at most once
/// a second.
/// </remarks>
public sealed partial class ConfigProfileGrain(
    [PersistentState("profile", FleetStorage.Agents)] IPersistentState<ProfileState> state,
    TimeProvider clock,
    RolloutMetrics metrics,
    IOptions<RolloutOptions> options,
    ILogger<ConfigProfileGrain> logger) : Grain, IConfigProfileGrain, IProfileDeletion
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);
    private IGrainTimer? _watch;
    private RolloutTally? _tally;
    private StoredVersion? _version;
    private bool _advanceQueued;
    private bool _unsaved;
    private bool _unreported;
    private DateTimeOffset _lastSave;
    private DateTimeOffset _lastReconcile;
    private Task<bool>? _deletion;
    private IGrainTimer? _deletionRetry;
    private int _deletionFailures;
    /// <summary>A deletion was asked for and has not finished (the stored marker goes with the clear, before the index).</summary>
    private bool _deleting;
    private readonly HashSet<Guid> _withdrawn = [];

    private string Name => this.GetPrimaryKeyString();

    /// <summary>A deletion is stored or under way: nothing may change the profile (or define it again) until it ends.</summary>
    private bool Deleting => _deleting || state.State.DeletingSince is not null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.DeletingSince is not null)
        {
            // Asked for before a restart or a failure: finish it, in a turn of its own.
            _deleting = true;
            _deletionRetry = this.RegisterGrainTimer(ResumeDeletion, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
            return Task.CompletedTask;
        }
        if (state.State.Rollout is { } rollout)
        {
            metrics.Report(Name, Progress(rollout));
            if (rollout.State == RolloutState.Running)
            {
                // The first tick goes on assigning, or asks the reached agents where they stand.
                Watch(rollout);
            }
        }
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_deletion is { IsCompleted: false } running && reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
        {
            // Its calls would outlive the activation and its state access fail: let it finish, or leave it
            // to the stored marker (the next activation resumes it; a silo shutting down does not wait).
            await ((Task)running.WaitAsync(cancellationToken)).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        }
        metrics.Forget(Name);
        if (_unsaved && state.State.Rollout is { } rollout)
        {
            await Save(rollout);
        }
    }

    public Task<ProfileInfo?> Get() => Task.FromResult(state.State.Definition is null ? null : Info());

    public async Task<ProfileInfo> Define(ProfileDefinition definition)
    {
        if (Deleting)
        {
            // Unchanged: the caller sees it is being deleted (its state may be cleared already, its index entry not).
            return state.State.Definition is null ? new ProfileInfo(Name, definition, [], null, null, clock.GetUtcNow()) : Info();
        }
        state.State = state.State with { Definition = definition };
        await state.WriteStateAsync();
        await UpdateIndex();
        return Info();
    }

    /// <summary>Agents withdrawn from at once while deleting.</summary>
    private const int WithdrawalsInFlight = 256;

    /// <summary>How long a failed deletion first waits before it tries again; doubled per failure, up to <see cref="DeletionRetryMax"/>.</summary>
    private static readonly TimeSpan DeletionRetry = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan DeletionRetryMax = TimeSpan.FromMinutes(5);

    public async Task<ProfileDeletion?> Delete(TimeSpan wait)
    {
        if (state.State.Definition is null)
        {
            return null;
        }
        if (state.State.DeletingSince is null)
        {
            var before = state.State;
            state.State = state.State with { DeletingSince = clock.GetUtcNow() };
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // The write may have landed all the same: the next activation reads what is stored.
                state.State = before;
                DeactivateOnIdle();
                throw;
            }
            StopWatching();
            _unsaved = false; // the rollout's progress went with the marker
            (_deletion, _deletionFailures, _deleting) = (null, 0, true);
            _withdrawn.Clear();
        }
        var deletion = StartDeletion();
        await Task.WhenAny(deletion, Task.Delay(wait, clock));
        return new ProfileDeletion(_withdrawn.Count, deletion.IsCompletedSuccessfully && deletion.Result);
    }

    /// <summary>The deletion under way, or a new attempt when none is or the last one failed.</summary>
    private Task<bool> StartDeletion()
    {
        if (_deletion is null || (_deletion.IsCompleted && !(_deletion.IsCompletedSuccessfully && _deletion.Result)))
        {
            _deletionRetry?.Dispose();
            _deletionRetry = null;
            _deletion = Deletion();
        }
        return _deletion;
    }

    /// <summary>
    /// Runs beside the grain's other turns (none of which change a deleting profile). Stops matching,
    /// withdraws from every agent the profile may have reached, deletes it and leaves the index; true once
    /// gone. On a failure it tries again later: the marker is stored, so a deletion is never left half done.
    /// </summary>
    private async Task<bool> Deletion()
    {
        try
        {
            if (_deletionFailures > 0)
            {
                // A failed write or clear may have landed all the same: go on from what is stored.
                await state.ReadStateAsync();
            }
            if (state.RecordExists && state.State.Definition is { } definition)
            {
                // An index entry without a stable version matches no agent, and keeps the name listed so a
                // restarted silo wakes this grain to finish (ResumeRollouts). Idempotent: every attempt redoes it.
                await UpsertIndex(stable: null);
                await WithdrawEverywhere(definition);
                await state.ClearStateAsync();
            }
            await GrainFactory.GetGrain<IProfileIndexRemoval>(0).Remove(Name);
        }
        catch (Exception e)
        {
            var retry = TimeSpan.FromTicks(Math.Min(DeletionRetryMax.Ticks, DeletionRetry.Ticks << Math.Min(_deletionFailures, 16)));
            _deletionFailures++;
            LogDeletionFailed(logger, e, Name, retry);
            _deletionRetry?.Dispose();
            _deletionRetry = this.RegisterGrainTimer(ResumeDeletion, new GrainTimerCreationOptions(retry, Timeout.InfiniteTimeSpan) { KeepAlive = true });
            return false;
        }
        metrics.Forget(Name);
        _tally = null;
        _version = null;
        _deleting = false;
        LogDeleted(logger, Name, _withdrawn.Count);
        DeactivateOnIdle();
        return true;
    }

    private Task ResumeDeletion(CancellationToken cancellationToken)
    {
        // Not the stored marker: a clear that succeeded took it, and leaving the index may still have failed.
        if (_deleting)
        {
            StartDeletion();
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Every agent it may have reached: those its selector matches (stable version, late joiners), those
    /// its rollout planned, and any listed as wanting one of its versions (matched under an earlier
    /// selector: redefining a profile does not withdraw it from agents that no longer match).
    /// </summary>
    private async Task WithdrawEverywhere(ProfileDefinition definition)
    {
        var hashes = state.State.Versions.Select(v => v.ConfigHash).ToHashSet(StringComparer.Ordinal);
        var selected = Inventory.AgentFilter.Compile(new AgentQuery(Selector: definition.Selector));
        var holders = (await GrainFactory.QueryAgents(AgentQuery.All))
            .Where(a => selected(a) || (a.DesiredConfigHash is { } desired && hashes.Contains(desired)))
            .Select(a => a.InstanceUid)
            .ToHashSet();
        if (state.State.Rollout is { } rollout)
        {
            holders.UnionWith(rollout.Batches.SelectMany(b => b));
        }
        await Withdraw(holders);
        // Agents whose first message matched the index just before matching stopped are listed only after
        // it: one more look catches those.
        var late = (await MatchingAgents(definition.Selector)).Where(uid => !holders.Contains(uid)).ToList();
        await Withdraw(late);
    }

    /// <summary>Withdraws from the agents not withdrawn from yet (a retry skips those an earlier attempt reached).</summary>
    private async Task Withdraw(IEnumerable<Guid> agents)
    {
        foreach (var batch in agents.Where(uid => !_withdrawn.Contains(uid)).Chunk(WithdrawalsInFlight))
        {
            await Task.WhenAll(batch.Select(uid => GrainFactory.Get<IAgentGrain>(uid).UnassignProfile(Name)));
            _withdrawn.UnionWith(batch);
        }
    }

    public async Task<ProfileVersionInfo?> Publish(Dictionary<string, ConfigFile> files)
    {
        if (state.State.Definition is not { } definition || Deleting)
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
        await Save(rollout);
        LogPublished(logger, Name, version.Version, targets.Count, rollout.Batches.Count);

        // Assigning 10k agents takes seconds: the caller gets its answer now, the batch goes out next.
        Watch(rollout);
        await Kick();
        return VersionInfo(version);
    }

    public async Task Advance()
    {
        _advanceQueued = false;
        if (state.State.Rollout is not { State: RolloutState.Running } rollout || Deleting)
        {
            return;
        }
        if (rollout.BatchAssigned)
        {
            await Decide();
        }
        else
        {
            await AssignCurrentBatch();
        }
    }

    /// <remarks>
    /// Interleaves with the grain's other turns, so it must not await anything but sending
    /// <see cref="Advance"/>: it records, synchronously, and leaves the decision to that turn.
    /// </remarks>
    public Task ReportOutcome(Guid agent, int version, AgentConfigState? observed)
    {
        if (state.State.Rollout is not { State: RolloutState.Running } rollout || rollout.Version != version
            || Deleting || _tally is null || _version is null
            || !_tally.Record(agent, RolloutPlanner.Outcome(observed, _version.ConfigHash)))
        {
            return Task.CompletedTask;
        }
        _unsaved = _unreported = true;
        return NextStep(rollout) == RolloutStep.Wait ? Task.CompletedTask : Kick();
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
        if (state.State.Rollout is not { } rollout || Deleting)
        {
            return false;
        }
        switch (action)
        {
            case RolloutAction.Pause when rollout.State == RolloutState.Running:
                await Save(rollout with { State = RolloutState.Paused, PausedReason = "paused by an operator" });
                StopWatching();
                return true;
            case RolloutAction.Resume when rollout.State == RolloutState.Paused:
                var resumed = rollout with { State = RolloutState.Running, PausedReason = null };
                await Save(resumed);
                Watch(resumed);
                if (resumed.BatchAssigned)
                {
                    // Reports are not taken while paused: look at everyone still open.
                    await Reconcile();
                }
                else
                {
                    await Kick();
                }
                return true;
            case RolloutAction.Rollback when rollout.State != RolloutState.RolledBack:
                StopWatching();
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
            await Assign(reached, state.State.Versions.Single(v => v.Version == previous), fromRollout: false);
        }
        else
        {
            await Task.WhenAll(reached.Select(uid => GrainFactory.Get<IAgentGrain>(uid).UnassignProfile(Name)));
        }
        state.State = state.State with { StableVersion = rollout.PreviousVersion };
        await Save(rollout with { State = RolloutState.RolledBack, PausedReason = null });
        await UpdateIndex();
        LogRolledBack(logger, Name, rollout.Version, reached.Count);
    }

    /// <summary>Assigns the current batch (reports for it are taken meanwhile), then decides.</summary>
    private async Task AssignCurrentBatch()
    {
        if (state.State.Rollout is not { State: RolloutState.Running, BatchAssigned: false } rollout || _version is null)
        {
            return;
        }
        if (rollout.CurrentBatch < rollout.Batches.Count)
        {
            await Assign(rollout.Batches[rollout.CurrentBatch], _version, fromRollout: true);
        }
        // Only this grain's own turns replace the rollout, and none ran meanwhile: it is still this one.
        state.State = state.State with { Rollout = rollout with { BatchAssigned = true } };
        _unsaved = _unreported = true;
        // Reports answer for the batch just assigned; the first sweep comes one interval later.
        _lastReconcile = clock.GetUtcNow();
        await Decide();
    }

    /// <summary>Moves the running rollout on from its counts: pause, next batch, completion, or nothing yet.</summary>
    private async Task Decide()
    {
        var rollout = state.State.Rollout!;
        var policy = state.State.Definition!.Policy;
        switch (NextStep(rollout))
        {
            case RolloutStep.Pause:
                var failed = _tally!.Failed;
                StopWatching();
                await Save(rollout with { State = RolloutState.Paused, PausedReason = $"{failed} agent(s) reported FAILED, above the {policy.FailureThreshold:P0} threshold" });
                LogAutoPaused(logger, Name, rollout.Version, failed);
                break;
            case RolloutStep.NextBatch:
                var next = rollout with { CurrentBatch = rollout.CurrentBatch + 1, BatchAssigned = false };
                _tally!.MoveTo(next.CurrentBatch);
                await Save(next);
                await AssignCurrentBatch();
                break;
            case RolloutStep.Complete:
                StopWatching();
                state.State = state.State with { StableVersion = rollout.Version };
                await Save(rollout with { State = RolloutState.Completed, CompletedAt = clock.GetUtcNow() });
                LogCompleted(logger, Name, rollout.Version);
                await UpdateIndex();
                await AssignLateJoiners(rollout, _version!);
                break;
            default:
                if (_unsaved && clock.GetUtcNow() - _lastSave >= SaveInterval)
                {
                    await Save(rollout);
                }
                break;
        }
    }

    private RolloutStep NextStep(Rollout rollout) => RolloutPlanner.Next(
        _tally!.Counts, rollout.BatchAssigned, rollout.CurrentBatch + 1 >= rollout.Batches.Count, state.State.Definition!.Policy.FailureThreshold);

    /// <summary>
    /// The safety net under the reports: asks every reached agent that has not applied where it stands,
    /// then decides as a report would.
    /// </summary>
    private async Task Reconcile()
    {
        var rollout = state.State.Rollout!;
        var reached = rollout.Batches.Take(rollout.CurrentBatch + 1).SelectMany(b => b);
        var open = RolloutPlanner.StillOpen(reached, rollout.Outcomes);
        var before = open.Select(uid => rollout.Outcomes.GetValueOrDefault(uid)).ToList();
        var observed = await Task.WhenAll(open.Select(uid => GrainFactory.Get<IAgentGrain>(uid).GetConfigState()));
        var changed = 0;
        for (var i = 0; i < open.Count; i++)
        {
            // A report taken while the sweep waited is newer than the answer: keep it.
            if (rollout.Outcomes.GetValueOrDefault(open[i]) == before[i]
                && _tally!.Record(open[i], RolloutPlanner.Outcome(observed[i], _version!.ConfigHash)))
            {
                changed++;
            }
        }
        LogReconciled(logger, Name, rollout.Version, open.Count, changed);
        _lastReconcile = clock.GetUtcNow();
        if (changed > 0)
        {
            _unsaved = _unreported = true;
        }
        await Decide();
    }

    /// <summary>
    /// Every tick: goes on assigning if nothing is queued to (a fresh activation, a failed assignment), sweeps
    /// when one is due, saves and shows progress that reports left unsaved.
    /// </summary>
    private async Task Tick()
    {
        if (state.State.Rollout is not { State: RolloutState.Running } rollout || Deleting)
        {
            StopWatching();
            return;
        }
        if (!rollout.BatchAssigned)
        {
            if (!_advanceQueued)
            {
                await Kick();
            }
        }
        else if (clock.GetUtcNow() - _lastReconcile >= options.Value.ReconcileInterval)
        {
            await Reconcile();
        }
        if (state.State.Rollout is not { State: RolloutState.Running } current)
        {
            return;
        }
        if (_unsaved && clock.GetUtcNow() - _lastSave >= SaveInterval)
        {
            await Save(current);
        }
        else if (_unreported)
        {
            metrics.Report(Name, Progress(current));
            _unreported = false;
        }
    }

    /// <summary>Queues <see cref="Advance"/> to this grain (once): it runs after this turn, never inside it.</summary>
    private async Task Kick()
    {
        if (_advanceQueued)
        {
            return;
        }
        _advanceQueued = true;
        await this.AsReference<IConfigProfileGrain>().Advance();
    }

    /// <summary>Agents that matched after the rollout planned its batches get the version now.</summary>
    private async Task AssignLateJoiners(Rollout rollout, StoredVersion version)
    {
        var planned = rollout.Batches.SelectMany(b => b).ToHashSet();
        var late = (await MatchingAgents(state.State.Definition!.Selector)).Where(uid => !planned.Contains(uid)).ToList();
        await Assign(late, version, fromRollout: false);
    }

    private async Task Save(Rollout rollout)
    {
        state.State = state.State with { Rollout = rollout };
        await state.WriteStateAsync();
        metrics.Report(Name, Progress(rollout));
        _unsaved = _unreported = false;
        _lastSave = clock.GetUtcNow();
    }

    private Task Assign(IEnumerable<Guid> agents, StoredVersion version, bool fromRollout)
    {
        var assignment = new ProfileAssignment(Name, version.Version, state.State.Definition!.Priority, version.ConfigMap, version.ConfigHash, fromRollout);
        return Task.WhenAll(agents.Select(uid => GrainFactory.Get<IAgentGrain>(uid).AssignProfile(assignment)));
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
        return UpsertIndex(stable is null ? null : new ProfileAssignment(Name, stable.Version, definition.Priority, stable.ConfigMap, stable.ConfigHash));
    }

    private Task UpsertIndex(ProfileAssignment? stable)
    {
        var definition = state.State.Definition!;
        return GrainFactory.Get<IProfileIndexGrain>(0).Upsert(new ProfileIndexEntry(Name, definition.Selector, definition.Priority, stable));
    }

    /// <summary>Follows a running rollout: counts from its outcomes, and the timer.</summary>
    private void Watch(Rollout rollout)
    {
        _tally = new RolloutTally(rollout);
        _version = state.State.Versions.Single(v => v.Version == rollout.Version);
        _watch ??= this.RegisterGrainTimer(_ => Tick(), new GrainTimerCreationOptions(TickInterval, TickInterval) { KeepAlive = true });
    }

    private void StopWatching()
    {
        _watch?.Dispose();
        _watch = null;
    }

    private ProfileInfo Info() => new(
        Name,
        state.State.Definition!,
        state.State.Versions.Select(VersionInfo).ToList(),
        state.State.StableVersion,
        state.State.Rollout is { } r ? Progress(r) : null,
        state.State.DeletingSince);

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
            targets - applying - applied - failed - offline - overridden, applying, applied, failed, r.StartedAt, offline, overridden, r.CompletedAt);
    }
}
