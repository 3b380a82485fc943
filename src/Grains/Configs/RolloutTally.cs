namespace Fleet.Grains.Configs;

/// <summary>
/// A running rollout's outcomes, counted as they change: an agent's report then costs a dictionary
/// update instead of a pass over every reached agent, so the rollout can decide on each report.
/// </summary>
/// <remarks>Updates the rollout's own <see cref="Rollout.Outcomes"/> in place; what it counts is always what is saved.</remarks>
public sealed class RolloutTally
{
    private readonly List<List<Guid>> _batches;
    private readonly Dictionary<Guid, AgentOutcome> _outcomes;
    private readonly Dictionary<Guid, int> _batchOf = [];

    public RolloutTally(Rollout rollout)
    {
        _batches = rollout.Batches;
        _outcomes = rollout.Outcomes;
        for (var i = 0; i < _batches.Count; i++)
        {
            foreach (var uid in _batches[i])
            {
                _batchOf[uid] = i;
            }
        }
        MoveTo(rollout.CurrentBatch);
    }

    public int CurrentBatch { get; private set; }

    public int Applied { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Agents of the current batch still pending or applying.</summary>
    public int OpenInBatch { get; private set; }

    public RolloutCounts Counts => new(Applied, Failed, OpenInBatch);

    /// <summary>The rollout went on to this batch: counts again.</summary>
    public void MoveTo(int batch)
    {
        CurrentBatch = batch;
        Applied = Failed = 0;
        foreach (var outcome in _outcomes.Values)
        {
            Count(outcome, 1);
        }
        OpenInBatch = batch < _batches.Count ? _batches[batch].Count(uid => RolloutPlanner.IsOpen(_outcomes.GetValueOrDefault(uid))) : 0;
    }

    /// <summary>
    /// Records what an agent was seen doing; false when nothing changed or the agent is not in a batch
    /// reached so far (a report from outside the rollout, or from a batch it has not got to).
    /// </summary>
    public bool Record(Guid agent, AgentOutcome seen)
    {
        if (!_batchOf.TryGetValue(agent, out var batch) || batch > CurrentBatch)
        {
            return false;
        }
        var recorded = _outcomes.GetValueOrDefault(agent);
        if (!RolloutPlanner.Replaces(recorded, seen))
        {
            return false;
        }
        _outcomes[agent] = seen;
        Count(recorded, -1);
        Count(seen, 1);
        if (batch == CurrentBatch)
        {
            OpenInBatch += (RolloutPlanner.IsOpen(seen) ? 1 : 0) - (RolloutPlanner.IsOpen(recorded) ? 1 : 0);
        }
        return true;
    }

    private void Count(AgentOutcome outcome, int delta)
    {
        if (outcome == AgentOutcome.Applied)
        {
            Applied += delta;
        }
        else if (outcome == AgentOutcome.Failed)
        {
            Failed += delta;
        }
    }
}
