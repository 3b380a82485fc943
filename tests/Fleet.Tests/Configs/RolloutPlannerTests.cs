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
        var outcomes = new Dictionary<Guid, AgentOutcome> { [Fifty[0]] = AgentOutcome.Applied, [Fifty[1]] = AgentOutcome.Failed, [Fifty[2]] = AgentOutcome.Pending };
        Assert.True(RolloutPlanner.ShouldPause(outcomes, 0.3));
        Assert.False(RolloutPlanner.ShouldPause(outcomes, 0.5));
    }

    [Fact]
    public void BatchDone_PendingAgent_False_OfflineDoesNotBlock()
    {
        var batch = Fifty.Take(2).ToList();
        Assert.False(RolloutPlanner.BatchDone(batch, new Dictionary<Guid, AgentOutcome> { [Fifty[0]] = AgentOutcome.Applied, [Fifty[1]] = AgentOutcome.Pending }));
        Assert.True(RolloutPlanner.BatchDone(batch, new Dictionary<Guid, AgentOutcome> { [Fifty[0]] = AgentOutcome.Applied, [Fifty[1]] = AgentOutcome.Offline }));
    }

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
}
