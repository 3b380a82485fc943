using Fleet.Contracts.Agents;
using Fleet.Contracts.Configs;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Configs;

/// <summary>
/// Deleting a profile whose withdrawals outlast the caller's wait, fail, or lose their activation midway:
/// it is marked deleting at once, answers so, and finishes by itself.
/// </summary>
public class ProfileDeletionTests(RolloutClusterFixture fixture) : IClassFixture<RolloutClusterFixture>
{
    private static readonly RolloutPolicy AllAtOnce = new(InitialBatch: 10);

    private static string Tag() => "d" + Guid.NewGuid().ToString("N")[..8];

    private IConfigProfileGrain Profile(string name) => fixture.Grains.GetGrain<IConfigProfileGrain>(name);

    private IProfileDeletion Deletion(string name) => fixture.Grains.GetGrain<IProfileDeletion>(name);

    /// <summary>A profile rolled out to <paramref name="count"/> agents, each of which applied it.</summary>
    private async Task<List<PollingAgent>> RolledOut(string tag, int count)
    {
        var agents = new List<PollingAgent>();
        for (var i = 0; i < count; i++)
        {
            agents.Add(await PollingAgent.Start(fixture.Grains, tag, $"{tag}-{i}"));
        }
        await Profile(tag).Define(new ProfileDefinition($"env={tag}", 10, AllAtOnce));
        await Profile(tag).Publish(new() { ["collector.yaml"] = new ConfigFile("receivers: {otlp: {}}\n", "text/yaml") });
        await Eventually.True(async () =>
        {
            foreach (var agent in agents)
            {
                await agent.Poll();
            }
            return (await Profile(tag).Get())!.Rollout is { State: "completed" };
        }, "the rollout completes", TimeSpan.FromSeconds(30));
        return agents;
    }

    private async Task<bool> Listed(string name) => (await fixture.Grains.GetGrain<IProfileIndexGrain>(0).Names()).Contains(name);

    private async Task<string?> Desired(PollingAgent agent) => (await fixture.Grains.GetGrain<IAgentGrain>(agent.Uid).GetConfigState())?.DesiredHash;

    [Fact]
    public async Task Delete_WithdrawalsOutlastTheWait_AnswersInProgressRefusesChangesAndFinishes()
    {
        var tag = Tag();
        var agents = await RolledOut(tag, 3);
        fixture.Calls.SlowWithdrawals[agents[0].Uid] = TimeSpan.FromSeconds(2);

        var answer = await Deletion(tag).Delete(TimeSpan.FromMilliseconds(100));

        Assert.False(answer!.Done);
        var deleting = (await Profile(tag).Get())!;
        Assert.NotNull(deleting.DeletingSince);
        // Nothing changes a profile being deleted; an agent turning up now is not given it.
        var redefined = await Profile(tag).Define(new ProfileDefinition($"env={tag}", 99, AllAtOnce));
        Assert.Equal(10, redefined.Definition.Priority);
        Assert.NotNull(redefined.DeletingSince);
        Assert.Null(await Profile(tag).Publish(new() { ["collector.yaml"] = new ConfigFile("exporters: {debug: {}}\n", "text/yaml") }));
        Assert.False(await Profile(tag).Control(RolloutAction.Rollback));
        var newcomer = await PollingAgent.Start(fixture.Grains, tag, $"{tag}-new");
        Assert.Null(newcomer.Received);

        await Eventually.True(async () => await Profile(tag).Get() is null, "the deletion finishes after the answer", TimeSpan.FromSeconds(15));
        Assert.All(agents, a => Assert.True(fixture.Calls.WithdrawalsDone.ContainsKey(a.Uid), $"{a.Uid} was withdrawn from"));
        await Eventually.True(async () => !await Listed(tag), "it leaves the index");
        Assert.Null(await Deletion(tag).Delete(TimeSpan.Zero));
    }

    [Fact]
    public async Task Delete_WithdrawalFails_TriesAgainUntilGone()
    {
        var tag = Tag();
        var agents = await RolledOut(tag, 2);
        var hash = (await Profile(tag).Get())!.Versions.Single().ConfigHash;
        fixture.Calls.FailingWithdrawals[agents[1].Uid] = true;

        var answer = await Deletion(tag).Delete(TimeSpan.FromSeconds(1));

        Assert.False(answer!.Done);
        Assert.NotNull((await Profile(tag).Get())!.DeletingSince);
        Assert.True(await Listed(tag), "still listed (matching nothing) until gone, so a restarted silo finishes it");
        Assert.Equal(hash, await Desired(agents[1])); // the failed agent still has it
        Assert.NotEqual(hash, await Desired(agents[0]));

        fixture.Calls.FailingWithdrawals.TryRemove(agents[1].Uid, out _);
        await Eventually.True(async () => await Profile(tag).Get() is null, "the retry finishes the deletion", TimeSpan.FromSeconds(20));
        Assert.NotEqual(hash, await Desired(agents[1]));
        await Eventually.True(async () => !await Listed(tag), "it leaves the index");
    }

    [Fact]
    public async Task Delete_DeactivatedWhileWithdrawing_FinishesAndNothingIsLeftBehind()
    {
        var tag = Tag();
        var agents = await RolledOut(tag, 2);
        fixture.Calls.SlowWithdrawals[agents[0].Uid] = TimeSpan.FromSeconds(1);
        Assert.False((await Deletion(tag).Delete(TimeSpan.FromMilliseconds(100)))!.Done);

        // Deactivated with withdrawals in flight: it lets them finish, or the next activation resumes.
        await fixture.Grains.GetGrain<IManagementGrain>(0).DeactivateGrain(Profile(tag).GetGrainId());

        await Eventually.True(async () => await Profile(tag).Get() is null, "the deletion finishes", TimeSpan.FromSeconds(20));
        Assert.All(agents, a => Assert.True(fixture.Calls.WithdrawalsDone.ContainsKey(a.Uid), $"{a.Uid} was withdrawn from"));
        await Eventually.True(async () => !await Listed(tag), "it leaves the index");
        // Defined again, it starts afresh: no version, no deletion left over from the last one.
        fixture.Calls.SlowWithdrawals.TryRemove(agents[0].Uid, out _);
        var again = await Profile(tag).Define(new ProfileDefinition($"env={tag}", 1, AllAtOnce));
        Assert.Null(again.DeletingSince);
        Assert.Empty(again.Versions);
        Assert.True((await Deletion(tag).Delete(TimeSpan.FromSeconds(2)))!.Done);
    }

    [Fact]
    public async Task Delete_ActivationLostMidway_NextActivationFinishesFromTheStoredMarker()
    {
        var tag = Tag();
        var agents = await RolledOut(tag, 2);
        fixture.Calls.FailingWithdrawals[agents[0].Uid] = true;
        Assert.False((await Deletion(tag).Delete(TimeSpan.FromMilliseconds(500)))!.Done);

        // The activation goes (as with a silo restart), and its retry timer with it.
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        await management.DeactivateGrain(Profile(tag).GetGrainId());
        fixture.Calls.FailingWithdrawals.TryRemove(agents[0].Uid, out _);
        var withdrawalsBefore = fixture.Calls.WithdrawalsDone.GetValueOrDefault(agents[1].Uid);

        // Any call wakes it; the stored marker makes it carry on.
        Assert.NotNull((await Profile(tag).Get())!.DeletingSince);
        await Eventually.True(async () => await Profile(tag).Get() is null, "the new activation finishes the deletion", TimeSpan.FromSeconds(20));
        Assert.True(fixture.Calls.WithdrawalsDone.ContainsKey(agents[0].Uid));
        Assert.True(fixture.Calls.WithdrawalsDone.GetValueOrDefault(agents[1].Uid) > withdrawalsBefore, "the new activation withdrew again");
        await Eventually.True(async () => !await Listed(tag), "it leaves the index");
    }
}
