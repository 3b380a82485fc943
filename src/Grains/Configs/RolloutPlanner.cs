using Fleet.Contracts.Configs;

namespace Fleet.Grains.Configs;

/// <summary>The rollout's decisions, as pure functions: batch plan, outcome of an agent, next step.</summary>
public static class RolloutPlanner
{
    /// <summary>Targets in uid order, cut into batches of InitialBatch, ×GrowthFactor, … capped at MaxBatch.</summary>
    public static List<List<Guid>> Batches(IEnumerable<Guid> targets, RolloutPolicy policy)
    {
        var ordered = targets.Distinct().Order().ToList();
        var batches = new List<List<Guid>>();
        var size = Math.Max(1, policy.InitialBatch);
        for (var at = 0; at < ordered.Count; at += size, size = (int)Math.Min((long)size * Math.Max(1, policy.GrowthFactor), Math.Max(1, policy.MaxBatch)))
        {
            batches.Add(ordered.Skip(at).Take(size).ToList());
        }
        return batches;
    }

    public static AgentOutcome Outcome(AgentConfigState? agent, string versionHash)
    {
        if (agent is null)
        {
            return AgentOutcome.Offline;
        }
        if (agent.DesiredHash != versionHash)
        {
            return AgentOutcome.Overridden;
        }
        if (agent.ReportedHash == versionHash)
        {
            return agent.ReportedStatus switch
            {
                "APPLIED" => AgentOutcome.Applied,
                "FAILED" => AgentOutcome.Failed,
                "APPLYING" => AgentOutcome.Applying,
                _ => AgentOutcome.Pending,
            };
        }
        return agent.Connected ? AgentOutcome.Pending : AgentOutcome.Offline;
    }

    /// <summary>
    /// The reached agents whose outcome may still change and must be asked again. APPLIED is final
    /// for a rollout, so as a batch applies, each look at it asks fewer agents.
    /// </summary>
    public static List<Guid> StillOpen(IEnumerable<Guid> reached, IReadOnlyDictionary<Guid, AgentOutcome> outcomes) =>
        reached.Where(uid => outcomes.GetValueOrDefault(uid) != AgentOutcome.Applied).ToList();

    /// <summary>
    /// Whether a newly seen outcome replaces the one recorded: APPLIED is final for a rollout (so a
    /// report overtaken by a later one cannot take it back), anything else follows what was seen last.
    /// </summary>
    public static bool Replaces(AgentOutcome recorded, AgentOutcome seen) =>
        recorded != AgentOutcome.Applied && seen != recorded;

    /// <summary>Still to answer: the batch waits for pending and applying agents (offline ones do not block).</summary>
    public static bool IsOpen(AgentOutcome outcome) => outcome is AgentOutcome.Pending or AgentOutcome.Applying;

    /// <summary>Failed answers exceed the threshold (of all answers so far)?</summary>
    public static bool ShouldPause(int failed, int applied, double threshold) =>
        failed > 0 && (double)failed / (failed + applied) > threshold;

    /// <summary>
    /// What a running rollout does next: pause when failures exceed the threshold; otherwise, once the
    /// current batch is assigned and none of it is open, the next batch or, after the last, completion.
    /// </summary>
    public static RolloutStep Next(RolloutCounts counts, bool batchAssigned, bool lastBatch, double threshold)
    {
        if (ShouldPause(counts.Failed, counts.Applied, threshold))
        {
            return RolloutStep.Pause;
        }
        if (!batchAssigned || counts.OpenInBatch > 0)
        {
            return RolloutStep.Wait;
        }
        return lastBatch ? RolloutStep.Complete : RolloutStep.NextBatch;
    }
}
