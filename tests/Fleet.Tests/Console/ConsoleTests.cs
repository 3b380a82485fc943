using System.Text.Json;
using Fleet.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fleet.Tests.Console;

/// <summary>
/// The web console end to end: headless chromium (driven by tests/console/*.mjs) against a real gateway
/// with real agents. A failing script says what it expected and keeps a screenshot of the page.
/// </summary>
public class ConsoleTests(ConsoleFleet fleet, ITestOutputHelper output) : IClassFixture<ConsoleFleet>
{
    private Task Run(string script, params string[] args) =>
        ConsoleScript.Run(script, output, ["--base", fleet.Base, "--fleet", fleet.Json, .. args]);

    [Fact]
    public Task Overview_ShowsCountsAndVersions_PagesAreNavigableByKeyboard() =>
        Run("overview", "--expect", JsonSerializer.Serialize(new
        {
            total = 9,
            connected = 8,
            disconnected = 1,
            unhealthy = 1,
            drifted = 2, // shipping runs its own variant; ledger still runs its old config after rejecting the new one
            configFailed = 1,
            byVersion = new Dictionary<string, int> { ["1.5.0"] = 5, ["1.4.2"] = 3, ["1.3.0"] = 1 },
        }));

    [Fact]
    public Task AgentList_ShowsTheAgents_SelectorFiltersSearchAndSortWork() => Run("list");

    [Fact]
    public Task AgentDetail_ShowsEverythingReported_EffectiveConfigHighlighted() =>
        Run("detail", "--fail-message", ConsoleFleet.FailMessage);

    [Fact]
    public async Task ConfigEditor_SaveAndSend_ReachesTheAgent_PageShowsAppliedOrFailed()
    {
        var marker = $"edited-in-browser-{Guid.NewGuid():N}";
        await Run("editor", "--marker", marker, "--fail-message", ConsoleFleet.FailMessage);

        // The agent itself got the config and runs it: it reports it as its effective config.
        var cart = fleet.Agents["cart"];
        var effective = cart.Status.EffectiveConfig!.ConfigMap.ConfigMap["collector.yaml"].Body.ToStringUtf8();
        Assert.Contains($"# {marker}-again", effective);
        var agent = await fleet.Gateway.AgentWhen(cart.InstanceUid, a => a.RemoteConfigStatus() == "APPLIED", "cart reports APPLIED");
        Assert.Equal(agent.GetProperty("desiredConfigHash").GetString(), agent.GetProperty("remoteConfigStatus").GetProperty("hash").GetString());
    }

    [Fact]
    public async Task RestartButton_AfterConfirmation_TheAgentRestarts()
    {
        await Run("restart");
        await Eventually.True(() => Task.FromResult(fleet.Restarts("checkout-1") == 1), "checkout-1 received exactly one restart command");
        Assert.Equal(0, fleet.Restarts("search"));
    }

    [Fact]
    public async Task ForgetButton_OfflineAgentAfterConfirmation_GoneFromTheList()
    {
        // An agent of this test's own: the other scripts count the shared fleet.
        var name = $"retired-{Guid.NewGuid():N}"[..16];
        var retired = await Infrastructure.Agents.Start(fleet.Gateway.WebSocketEndpoint, name);
        var uid = retired.InstanceUid;
        await fleet.Gateway.AgentWhen(uid, a => a.Connected(), "the agent to retire is connected");
        await retired.DisposeAsync();
        await fleet.Gateway.AgentWhen(uid, a => !a.Connected(), "listed offline");

        await Run("forget", "--uid", uid.ToString(), "--name", name, "--connected", fleet.Agents["checkout-1"].InstanceUid.ToString());

        Assert.Null(await fleet.Gateway.Agent(uid));
    }

    [Fact]
    public async Task Screenshots_OfTheMainPages()
    {
        // FLEET_UPDATE_SCREENSHOTS=1 refreshes the README's pictures in docs/screenshots.
        var update = Environment.GetEnvironmentVariable("FLEET_UPDATE_SCREENSHOTS") == "1";
        var folder = update
            ? Path.Combine(RepositoryRoot.Path, "docs", "screenshots")
            : Path.Combine(Path.GetTempPath(), $"fleet-console-screenshots-{Guid.NewGuid():N}");
        await Run("screenshots", "--screenshots", folder);
        foreach (var name in new[] { "overview", "agents", "agent", "editor" })
        {
            Assert.True(new FileInfo(Path.Combine(folder, $"{name}.png")).Length > 10_000, $"{name}.png was written");
        }
        if (!update)
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
