using Fleet.Contracts.Configs;
using Fleet.Grains.Configs;

namespace Fleet.Tests.Configs;

public class RolloutPlannerTests
{
    private static readonly List<Guid> Fifty = Enumerable.Range(0, 50).Select(_ => Guid.CreateVersion7()).ToList();

    [Fact]
    public void Batches_GrowByFactorUpToCap_CoverEveryTargetOnceInUidOrder()
    {
        var batches = RolloutPlanner.Batches(Fifty.AsEnumerable().Reverse(), new RolloutPolicy(3, 5, 20));

        Assert.Equal([3, 15, 20, 12], batches.Select(b => b.Count));
        Assert.Equal(Fifty.Order(), batches.SelectMany(b => b));
    }

    [Fact]
    public void Batches_NoTargets_NoBatches() => Assert.Empty(RolloutPlanner.Batches([], new RolloutPolicy()));

    [Theory]
    [InlineData(true, "h1", "APPLIED", "h1", AgentOutcome.Applied)]
    [InlineData(true, "h1", "FAILED", "h1", AgentOutcome.Failed)]
    [InlineData(true, "h1", "APPLYING", "h1", AgentOutcome.Applying)]
    [InlineData(true, "h0", "APPLIED", "h1", AgentOutcome.Pending)]
    [InlineData(false, "h0", "APPLIED", "h1", AgentOutcome.Offline)]
    [InlineData(true, "h9", "APPLIED", "h9", AgentOutcome.Overridden)]
    public void Outcome_AgentReport_Classified(bool connected, string reported, string status, string desired, AgentOutcome expected) =>
        Assert.Equal(expected, RolloutPlanner.Outcome(new AgentConfigState(connected, reported, status, desired), "h1"));

    [Fact]
    public void ShouldPause_FailuresAboveThreshold_True()
    {
        // One FAILED of two answers (pending agents are not answers).
        Assert.True(RolloutPlanner.ShouldPause(failed: 1, applied: 1, 0.3));
        Assert.False(RolloutPlanner.ShouldPause(failed: 1, applied: 1, 0.5));
        Assert.False(RolloutPlanner.ShouldPause(failed: 0, applied: 0, 0));
    }

    [Theory]
    [InlineData(AgentOutcome.Pending, true)]
    [InlineData(AgentOutcome.Applying, true)]
    [InlineData(AgentOutcome.Applied, false)]
    [InlineData(AgentOutcome.Failed, false)]
    [InlineData(AgentOutcome.Offline, false)]
    [InlineData(AgentOutcome.Overridden, false)]
    public void IsOpen_Outcome_OnlyPendingAndApplyingHoldTheBatch(AgentOutcome outcome, bool open) =>
        Assert.Equal(open, RolloutPlanner.IsOpen(outcome));

    [Fact]
    public void StillOpen_AppliedAgents_NotAskedAgainOthersAre()
    {
        var reached = Fifty.Take(5).ToList();
        var outcomes = new Dictionary<Guid, AgentOutcome>
        {
            [Fifty[0]] = AgentOutcome.Applied,
            [Fifty[1]] = AgentOutcome.Failed,
            [Fifty[2]] = AgentOutcome.Offline,
            [Fifty[3]] = AgentOutcome.Applied,
        };

        Assert.Equal([Fifty[1], Fifty[2], Fifty[4]], RolloutPlanner.StillOpen(reached, outcomes));
    }

    [Theory]
    [InlineData(AgentOutcome.Pending, AgentOutcome.Applying, true)]
    [InlineData(AgentOutcome.Applying, AgentOutcome.Failed, true)]
    [InlineData(AgentOutcome.Failed, AgentOutcome.Applied, true)]
    [InlineData(AgentOutcome.Offline, AgentOutcome.Applied, true)]
    [InlineData(AgentOutcome.Applied, AgentOutcome.Applying, false)]
    [InlineData(AgentOutcome.Applied, AgentOutcome.Failed, false)]
    [InlineData(AgentOutcome.Applying, AgentOutcome.Applying, false)]
    public void Replaces_SeenOutcome_OnlyChangesAndNeverUndoesApplied(AgentOutcome recorded, AgentOutcome seen, bool expected) =>
        Assert.Equal(expected, RolloutPlanner.Replaces(recorded, seen));

    [Theory]
    [InlineData(5, 0, 0, true, false, RolloutStep.NextBatch)]
    [InlineData(5, 0, 0, true, true, RolloutStep.Complete)]
    [InlineData(5, 0, 1, true, false, RolloutStep.Wait)]
    [InlineData(5, 0, 0, false, false, RolloutStep.Wait)]
    [InlineData(3, 2, 4, true, false, RolloutStep.Pause)]
    [InlineData(3, 2, 4, false, false, RolloutStep.Pause)]
    [InlineData(9, 1, 0, true, true, RolloutStep.Complete)]
    public void Next_Counts_PauseBeforeMovingOnAndOnlyOnceTheBatchIsOut(int applied, int failed, int open, bool assigned, bool lastBatch, RolloutStep expected) =>
        Assert.Equal(expected, RolloutPlanner.Next(new RolloutCounts(applied, failed, open), assigned, lastBatch, 0.2));

    [Fact]
    public void Next_NoBatchesAssigned_Completes() =>
        Assert.Equal(RolloutStep.Complete, RolloutPlanner.Next(default, batchAssigned: true, lastBatch: true, 0.1));
}
