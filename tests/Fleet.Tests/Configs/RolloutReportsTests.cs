using Fleet.Contracts.Agents;
using Fleet.Contracts.Configs;
using Fleet.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fleet.Tests.Configs;

/// <summary>
/// Rollouts driven by the agents' reports, on a test cluster whose filter can lose reports, slow down
/// assignments and count the reconciliation sweep's questions.
/// </summary>
public class RolloutReportsTests(RolloutClusterFixture fixture, ITestOutputHelper output) : IClassFixture<RolloutClusterFixture>
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);

    private static string Tag() => "t" + Guid.NewGuid().ToString("N")[..8];

    private IConfigProfileGrain Profile(string name) => fixture.Grains.GetGrain<IConfigProfileGrain>(name);

    private async Task<List<PollingAgent>> StartAgents(string tag, int count, Func<int, bool>? fails = null)
    {
        var agents = new List<PollingAgent>();
        for (var i = 0; i < count; i++)
        {
            agents.Add(await PollingAgent.Start(fixture.Grains, tag, $"{tag}-{i}", fails?.Invoke(i) ?? false));
        }
        return agents;
    }

    private async Task<string> Publish(string name, string body) =>
        (await Profile(name).Publish(new() { ["collector.yaml"] = new ConfigFile(body, "text/yaml") }))!.ConfigHash;

    /// <summary>Agents poll (every 50 ms) until the rollout is as wanted.</summary>
    private async Task<RolloutProgress> PollUntil(string name, IEnumerable<PollingAgent> agents, Func<RolloutProgress, bool> predicate, string because)
    {
        RolloutProgress? rollout = null;
        try
        {
            await Eventually.True(async () =>
            {
                foreach (var agent in agents)
                {
                    await agent.Poll();
                }
                rollout = (await Profile(name).Get())!.Rollout;
                return rollout is not null && predicate(rollout);
            }, because, TimeSpan.FromSeconds(30));
        }
        finally
        {
            output.WriteLine($"rollout: {rollout}");
        }
        return rollout!;
    }

    private int Asked(IEnumerable<PollingAgent> agents) => agents.Sum(a => fixture.Calls.ConfigStateAsked.GetValueOrDefault(a.Uid));

    [Fact]
    public async Task Rollout_AgentsReport_CompletesBatchByBatchWithoutAskingThem()
    {
        fixture.Rollouts.ReconcileInterval = Never;
        var tag = Tag();
        var agents = await StartAgents(tag, 12);
        await Profile(tag).Define(new ProfileDefinition($"env={tag}", 10, new RolloutPolicy(InitialBatch: 2, GrowthFactor: 2, MaxBatch: 6)));

        var hash = await Publish(tag, "receivers: {otlp: {}}\n");
        var completed = await PollUntil(tag, agents, r => r.State == "completed", "the reports alone carry the rollout to the end");

        Assert.Equal([2, 4, 6], completed.BatchSizes);
        Assert.Equal(12, completed.Applied);
        Assert.True(completed.CompletedAt >= completed.StartedAt, "a completed rollout says when it completed");
        Assert.All(agents, a => Assert.Equal(hash, a.Received));
        Assert.Equal(0, Asked(agents));
        Assert.Equal(1, (await Profile(tag).Get())!.StableVersion);
    }

    [Fact]
    public async Task Rollout_ReportLost_ReconciliationCompletesIt()
    {
        fixture.Rollouts.ReconcileInterval = Never;
        var tag = Tag();
        var agents = await StartAgents(tag, 4);
        fixture.Calls.LoseReportsFrom[agents[0].Uid] = true;
        await Profile(tag).Define(new ProfileDefinition($"env={tag}", 10, new RolloutPolicy(InitialBatch: 4)));

        var hash = await Publish(tag, "exporters: {debug: {}}\n");
        var waiting = await PollUntil(tag, agents, r => r.Applied == 3 && fixture.Calls.ReportsLost.ContainsKey(agents[0].Uid),
            "three reports arrive, the fourth agent's is lost");
        var stored = await fixture.Grains.GetGrain<IAgentGrain>(agents[0].Uid).GetConfigState();
        Assert.Equal(("APPLIED", hash), (stored!.ReportedStatus, stored.ReportedHash));
        Assert.Equal("running", waiting.State);

        fixture.Rollouts.ReconcileInterval = TimeSpan.FromMilliseconds(500);
        var completed = await PollUntil(tag, agents, r => r.State == "completed", "the sweep finds what the lost report said");

        Assert.Equal(4, completed.Applied);
        Assert.True(fixture.Calls.ConfigStateAsked.GetValueOrDefault(agents[0].Uid) >= 1);
    }

    [Fact]
    public async Task Rollout_AgentsReportFailed_AutoPausesBeforeLaterBatches()
    {
        fixture.Rollouts.ReconcileInterval = Never;
        var tag = Tag();
        var agents = await StartAgents(tag, 10, fails: _ => true);
        await Profile(tag).Define(new ProfileDefinition($"env={tag}", 10, new RolloutPolicy(InitialBatch: 2, GrowthFactor: 2, MaxBatch: 4, FailureThreshold: 0.1)));

        var hash = await Publish(tag, "receivers: {broken: true}\n");
        var paused = await PollUntil(tag, agents, r => r.State == "paused", "failures reported by the first batch pause the rollout");

        Assert.Contains("FAILED", paused.PausedReason);
        Assert.Equal(0, paused.CurrentBatch);
        Assert.InRange(paused.Failed, 1, 2);
        Assert.Equal(8, agents.Count(a => a.Received != hash));
        Assert.Equal(0, Asked(agents));
    }

    [Fact]
    public async Task Publish_SlowAssignments_ReturnsBeforeTheBatchIsAssigned()
    {
        fixture.Rollouts.ReconcileInterval = Never;
        var tag = Tag();
        var agents = await StartAgents(tag, 3);
        foreach (var agent in agents)
        {
            fixture.Calls.SlowAssignments[agent.Uid] = TimeSpan.FromSeconds(2);
        }
        await Profile(tag).Define(new ProfileDefinition($"env={tag}", 10, new RolloutPolicy(InitialBatch: 3)));

        await Publish(tag, "processors: {batch: {}}\n");
        var justPublished = (await Profile(tag).Get())!.Rollout!;

        Assert.Equal(0, agents.Sum(a => fixture.Calls.AssignmentsDone.GetValueOrDefault(a.Uid)));
        Assert.Equal(("running", 3, 3), (justPublished.State, justPublished.Targets, justPublished.Pending));
        var completed = await PollUntil(tag, agents, r => r.State == "completed", "the batch goes out after the publish returned");
        Assert.Equal(3, completed.Applied);
    }
}
