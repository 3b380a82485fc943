using Fleet.Contracts.Agents;
using Fleet.Contracts.Directory;

namespace Fleet.Grains.Directory;

/// <summary>
/// One shard of the fleet's summaries. Updates arrive in bursts (a fleet connecting), so writes are
/// batched: the shard saves at most once per flush interval, and on deactivation.
/// </summary>
public sealed class AgentDirectoryGrain(
    [PersistentState("directory", FleetStorage.Directory)] IPersistentState<DirectoryState> state)
    : Grain, IAgentDirectoryGrain
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);
    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(Flush, new GrainTimerCreationOptions(FlushInterval, FlushInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        await Flush(cancellationToken);

    public Task Upsert(AgentSummary summary)
    {
        state.State.Agents[summary.InstanceUid] = summary;
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task Remove(Guid instanceUid)
    {
        _dirty |= state.State.Agents.Remove(instanceUid);
        return Task.CompletedTask;
    }

    public Task<List<AgentSummary>> List() => Task.FromResult(state.State.Agents.Values.ToList());

    private async Task Flush(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }
        _dirty = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            _dirty = true; // try again on the next tick
            throw;
        }
    }
}
