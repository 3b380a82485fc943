using Fleet.Grains.Configs;

namespace Fleet.Tests.Configs;

public class RolloutTallyTests
{
    private static readonly List<Guid> Agents = Enumerable.Range(0, 6).Select(_ => Guid.CreateVersion7()).ToList();

    /// <summary>Batches of 1, 2 and 3 agents, on the second batch; the first one applied.</summary>
    private static Rollout OnSecondBatch() => new()
    {
        Version = 2,
        Batches = [[Agents[0]], [Agents[1], Agents[2]], [Agents[3], Agents[4], Agents[5]]],
        CurrentBatch = 1,
        Outcomes = new() { [Agents[0]] = AgentOutcome.Applied },
    };

    [Fact]
    public void New_StoredOutcomes_CountedWithCurrentBatchOpen()
    {
        var tally = new RolloutTally(OnSecondBatch());

        Assert.Equal(new RolloutCounts(Applied: 1, Failed: 0, OpenInBatch: 2), tally.Counts);
    }

    [Fact]
    public void Record_ReportsForCurrentBatch_CountedAndWrittenToRollout()
    {
        var rollout = OnSecondBatch();
        var tally = new RolloutTally(rollout);

        Assert.True(tally.Record(Agents[1], AgentOutcome.Applying));
        Assert.Equal(new RolloutCounts(1, 0, 2), tally.Counts);
        Assert.True(tally.Record(Agents[1], AgentOutcome.Applied));
        Assert.True(tally.Record(Agents[2], AgentOutcome.Failed));

        Assert.Equal(new RolloutCounts(2, 1, 0), tally.Counts);
        Assert.Equal(AgentOutcome.Failed, rollout.Outcomes[Agents[2]]);
    }

    [Fact]
    public void Record_AgentNotReachedOrUnknown_Ignored()
    {
        var rollout = OnSecondBatch();
        var tally = new RolloutTally(rollout);

        Assert.False(tally.Record(Agents[4], AgentOutcome.Applied));
        Assert.False(tally.Record(Guid.CreateVersion7(), AgentOutcome.Applied));

        Assert.Equal(new RolloutCounts(1, 0, 2), tally.Counts);
        Assert.False(rollout.Outcomes.ContainsKey(Agents[4]));
    }

    [Fact]
    public void Record_AppliedThenOlderApplying_KeepsApplied()
    {
        var tally = new RolloutTally(OnSecondBatch());
        tally.Record(Agents[1], AgentOutcome.Applied);

        Assert.False(tally.Record(Agents[1], AgentOutcome.Applying));
        Assert.Equal(new RolloutCounts(2, 0, 1), tally.Counts);
    }

    [Fact]
    public void Record_EarlierBatchFails_CountsFailureButBatchStillWaits()
    {
        var rollout = OnSecondBatch() with { Outcomes = new() { [Agents[0]] = AgentOutcome.Offline } };
        var tally = new RolloutTally(rollout);

        Assert.True(tally.Record(Agents[0], AgentOutcome.Failed));

        Assert.Equal(new RolloutCounts(0, 1, 2), tally.Counts);
    }

    [Fact]
    public void MoveTo_NextBatch_ItsAgentsOpenAndEarlierAnswersKept()
    {
        var tally = new RolloutTally(OnSecondBatch());
        tally.Record(Agents[1], AgentOutcome.Applied);
        tally.Record(Agents[2], AgentOutcome.Offline);

        tally.MoveTo(2);

        Assert.Equal(new RolloutCounts(2, 0, 3), tally.Counts);
        Assert.True(tally.Record(Agents[4], AgentOutcome.Overridden));
        Assert.Equal(2, tally.OpenInBatch);
    }
}
