using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fleet.Tests.Console;

/// <summary>Rollouts, packages and certificates in the browser, on a gateway of their own (runs beside <see cref="ConsoleTests"/>).</summary>
public class ConsoleRolloutTests(WebFleet fleet, ITestOutputHelper output) : IClassFixture<WebFleet>
{
    [Fact]
    public async Task Rollout_CreatePublishPauseResume_BrokenVersionPausesItself_RollBack()
    {
        // FLEET_UPDATE_SCREENSHOTS=1 refreshes docs/screenshots/rollout.png too.
        string[] screenshots = Environment.GetEnvironmentVariable("FLEET_UPDATE_SCREENSHOTS") == "1"
            ? ["--screenshots", Path.Combine(RepositoryRoot.Path, "docs", "screenshots")]
            : [];
        await ConsoleScript.Run("rollout", output, ["--base", fleet.Base, "--agents", WebFleet.Count.ToString(), .. screenshots]);

        var profile = await fleet.Gateway.Api.GetFromJsonAsync<JsonElement>("/api/profiles/web");
        Assert.Equal("rolledBack", profile.GetProperty("rollout").GetProperty("state").GetString());
        Assert.Equal(1, profile.GetProperty("stableVersion").GetInt32());
        // Every agent runs v1: the one that got broken v2 rejected it, the rest never received it.
        foreach (var agent in fleet.Agents)
        {
            var effective = agent.Status.EffectiveConfig!.ConfigMap.ConfigMap["collector.yaml"].Body.ToStringUtf8();
            Assert.Contains("otlphttp", effective);
            Assert.DoesNotContain("broken", effective);
        }
    }

    [Fact]
    public async Task DeleteProfile_AfterConfirmation_GoneFromTheListAndTheApi()
    {
        // A profile of this test's own, matching none of the fleet: the rollout script owns "web".
        var name = $"scratch-{Guid.NewGuid():N}"[..16];
        (await fleet.Gateway.Api.PutAsJsonAsync($"/api/profiles/{name}", new { selector = "env=nowhere" })).EnsureSuccessStatusCode();
        (await fleet.Gateway.Api.PostAsJsonAsync($"/api/profiles/{name}/versions",
            new { files = new Dictionary<string, object> { ["collector.yaml"] = new { body = "receivers: {}\n" } } })).EnsureSuccessStatusCode();

        await ConsoleScript.Run("profile-delete", output, "--base", fleet.Base, "--profile", name);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await fleet.Gateway.Api.GetAsync($"/api/profiles/{name}")).StatusCode);
    }

    [Fact]
    public async Task Packages_RegisterAndRemove_CertificateRotatesFromTheAgentPage()
    {
        var agent = fleet.Edge;
        await ConsoleScript.Run("packages", output, "--base", fleet.Base, "--uid", agent.InstanceUid.ToString());

        var detail = await fleet.Gateway.AgentWhen(agent.InstanceUid, a => a.GetProperty("certificate").ValueKind == JsonValueKind.Object, "the agent has a certificate");
        Assert.False(string.IsNullOrEmpty(detail.GetProperty("certificate").GetProperty("serialNumber").GetString()));
    }
}
