using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Client;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fleet.Tests.Configs;

public class ProfilesApiTests(GatewayFixture gateway, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private static string Tag() => "t" + Guid.NewGuid().ToString("N")[..8];

    private async Task<List<OpAmpClient>> StartAgents(string tag, int count, Func<int, string, bool>? fails = null, TimeSpan? applyTime = null)
    {
        var agents = new List<OpAmpClient>();
        for (var i = 0; i < count; i++)
        {
            var index = i;
            var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, $"{tag}-{i}", c =>
            {
                c.Status.Description.NonIdentifyingAttributes.Add(new KeyValue { Key = "env", Value = new AnyValue { StringValue = tag } });
                c.OnRemoteConfig = async (config, _) =>
                {
                    if (applyTime is { } time)
                    {
                        await Task.Delay(time);
                    }
                    var body = config.Config.ConfigMap.Values.First().Body.ToStringUtf8();
                    return fails?.Invoke(index, body) == true
                        ? RemoteConfigOutcome.Failed("collector rejected the config")
                        : RemoteConfigOutcome.Applied(config.Config);
                };
            }, heartbeat: TimeSpan.FromMinutes(5));
            agents.Add(client);
        }
        foreach (var agent in agents)
        {
            await gateway.AgentWhen(agent.InstanceUid, a => a.Connected(), "connected");
        }
        return agents;
    }

    private async Task<JsonElement> Profile(string name) => await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/profiles/{name}");

    private async Task<string> Publish(string name, string body)
    {
        var response = await gateway.Api.PostAsJsonAsync($"/api/profiles/{name}/versions", new { files = new Dictionary<string, object> { ["collector.yaml"] = new { body } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("configHash").GetString()!;
    }

    private async Task<JsonElement> RolloutWhen(string name, Func<JsonElement, bool> predicate, string because)
    {
        JsonElement rollout = default;
        try
        {
            await Eventually.True(async () => (await Profile(name)).GetProperty("rollout") is { ValueKind: JsonValueKind.Object } r && predicate(rollout = r), because, TimeSpan.FromSeconds(30));
        }
        finally
        {
            output.WriteLine($"rollout: {rollout}");
        }
        return rollout;
    }

    private static async Task DisposeAll(IEnumerable<OpAmpClient> agents)
    {
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }
    }

    [Fact]
    public async Task Rollout_FiftyAgentsSomeFail_AutoPausesAndRollbackRestoresPrevious()
    {
        var tag = Tag();
        var agents = await StartAgents(tag, 50, fails: (i, body) => body.Contains("broken") && i % 2 == 0);
        try
        {
            var define = await gateway.Api.PutAsJsonAsync($"/api/profiles/{tag}", new
            {
                selector = $"env={tag}",
                priority = 10,
                rollout = new { initialBatch = 3, growthFactor = 5, maxBatch = 20, failureThreshold = 0.2 },
            });
            define.EnsureSuccessStatusCode();

            var v1 = await Publish(tag, "receivers: {otlp: {}}\n");
            var completed = await RolloutWhen(tag, r => r.GetProperty("state").GetString() == "completed", "version 1 rolls out to all 50");
            Assert.Equal([3, 15, 20, 12], completed.GetProperty("batchSizes").EnumerateArray().Select(b => b.GetInt32()));
            Assert.Equal(50, completed.GetProperty("applied").GetInt32());
            foreach (var agent in agents)
            {
                await gateway.AgentWhen(agent.InstanceUid, a => a.GetProperty("remoteConfigStatus").GetProperty("hash").GetString() == v1, "every agent runs version 1");
            }

            var v2 = await Publish(tag, "receivers: {broken: true}\n");
            var paused = await RolloutWhen(tag, r => r.GetProperty("version").GetInt32() == 2 && r.GetProperty("state").GetString() == "paused", "version 2 auto-pauses on failures");
            output.WriteLine($"paused: {paused}");
            Assert.Contains("FAILED", paused.GetProperty("pausedReason").GetString());
            Assert.True(paused.GetProperty("failed").GetInt32() > 0);
            Assert.True(paused.GetProperty("pending").GetInt32() > 0, "later batches never got version 2");
            var onV2 = 0;
            foreach (var agent in agents)
            {
                onV2 += (await gateway.Agent(agent.InstanceUid))!.Value.GetProperty("desiredConfigHash").GetString() == v2 ? 1 : 0;
            }
            Assert.InRange(onV2, 1, 49);

            var rollback = await gateway.Api.PostAsync($"/api/profiles/{tag}/rollout/rollback", null);
            rollback.EnsureSuccessStatusCode();
            await RolloutWhen(tag, r => r.GetProperty("state").GetString() == "rolledBack", "rolled back");
            foreach (var agent in agents)
            {
                await gateway.AgentWhen(agent.InstanceUid,
                    a => a.GetProperty("desiredConfigHash").GetString() == v1 && a.RemoteConfigStatus() == "APPLIED" && a.GetProperty("remoteConfigStatus").GetProperty("hash").GetString() == v1,
                    "every agent is back on version 1");
            }
            Assert.Equal(1, (await Profile(tag)).GetProperty("stableVersion").GetInt32());
        }
        finally
        {
            await DisposeAll(agents);
        }
    }

    [Fact]
    public async Task Rollout_PausedAndResumed_CompletesAndLaterAgentsGetStableVersion()
    {
        var tag = Tag();
        using var meter = new GatewayMeter(gateway.Services);
        // Each agent takes half a second to apply: six one-agent batches take seconds, so the pause sent
        // right after publishing lands mid-rollout even on a loaded box.
        var agents = await StartAgents(tag, 6, applyTime: TimeSpan.FromMilliseconds(500));
        try
        {
            (await gateway.Api.PutAsJsonAsync($"/api/profiles/{tag}", new { selector = $"env={tag}", rollout = new { initialBatch = 1, growthFactor = 1 } })).EnsureSuccessStatusCode();
            var v1 = await Publish(tag, "exporters: {debug: {}}\n");
            (await gateway.Api.PostAsync($"/api/profiles/{tag}/rollout/pause", null)).EnsureSuccessStatusCode();
            var paused = await RolloutWhen(tag, r => r.GetProperty("state").GetString() == "paused", "paused");
            await Task.Delay(1500);
            var stillPaused = (await Profile(tag)).GetProperty("rollout");
            Assert.Equal(paused.GetProperty("currentBatch").GetInt32(), stillPaused.GetProperty("currentBatch").GetInt32());
            Assert.True(stillPaused.GetProperty("pending").GetInt32() > 0);
            Assert.Equal(HttpStatusCode.Conflict, (await gateway.Api.PostAsync($"/api/profiles/{tag}/rollout/pause", null)).StatusCode);

            (await gateway.Api.PostAsync($"/api/profiles/{tag}/rollout/resume", null)).EnsureSuccessStatusCode();
            await RolloutWhen(tag, r => r.GetProperty("state").GetString() == "completed" && r.GetProperty("applied").GetInt32() == 6, "completed after resume");
            // The rollout as metrics show it: progress by outcome, and each state reached.
            Assert.Equal(6, meter.Sum("fleet.rollout.agents", $"profile={tag}", "outcome=applied"));
            Assert.Equal(0, meter.Sum("fleet.rollout.agents", $"profile={tag}", "outcome=pending"));
            Assert.Equal(2, meter.Sum("fleet.rollout.transitions", $"profile={tag}", "state=running"));
            Assert.Equal(1, meter.Sum("fleet.rollout.transitions", $"profile={tag}", "state=paused"));
            Assert.Equal(1, meter.Sum("fleet.rollout.transitions", $"profile={tag}", "state=completed"));

            var late = await StartAgents(tag, 1);
            agents.AddRange(late);
            await gateway.AgentWhen(late[0].InstanceUid, a => a.RemoteConfigStatus() == "APPLIED" && a.GetProperty("remoteConfigStatus").GetProperty("hash").GetString() == v1,
                "an agent that appears later gets the stable version on connect");
        }
        finally
        {
            await DisposeAll(agents);
        }
    }

    [Fact]
    public async Task Precedence_AgentConfigWinsUntilCleared_ThenProfileApplies()
    {
        var tag = Tag();
        var agents = await StartAgents(tag, 1);
        try
        {
            var uid = agents[0].InstanceUid;
            (await gateway.Api.PutAsJsonAsync($"/api/profiles/{tag}", new { selector = $"env={tag}" })).EnsureSuccessStatusCode();
            var own = (await (await gateway.SetConfig(uid, "own.yaml", "mine: true\n")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("configHash").GetString();
            var fromProfile = await Publish(tag, "profile: true\n");
            await RolloutWhen(tag, r => r.GetProperty("state").GetString() == "completed", "completes (the agent's own config is not waited for)");
            Assert.Equal(own, (await gateway.Agent(uid))!.Value.GetProperty("desiredConfigHash").GetString());

            (await gateway.Api.DeleteAsync($"/api/agents/{uid}/config")).EnsureSuccessStatusCode();

            await gateway.AgentWhen(uid, a => a.GetProperty("remoteConfigStatus").GetProperty("hash").GetString() == fromProfile && a.RemoteConfigStatus() == "APPLIED", "the profile's config applies");
        }
        finally
        {
            await DisposeAll(agents);
        }
    }

    [Fact]
    public async Task Delete_ProfileOverAnother_AgentsFallBackNewAgentsNeverGetIt()
    {
        var tag = Tag();
        var (winning, fallback) = ($"{tag}-win", $"{tag}-base");
        var agents = await StartAgents(tag, 2);
        try
        {
            (await gateway.Api.PutAsJsonAsync($"/api/profiles/{winning}", new { selector = $"env={tag}", priority = 10 })).EnsureSuccessStatusCode();
            (await gateway.Api.PutAsJsonAsync($"/api/profiles/{fallback}", new { selector = $"env={tag}", priority = 1 })).EnsureSuccessStatusCode();
            var winningHash = await Publish(winning, "from: winning\n");
            var fallbackHash = await Publish(fallback, "from: base\n");
            await RolloutWhen(winning, r => r.GetProperty("state").GetString() == "completed", "the winning profile rolled out");
            await RolloutWhen(fallback, r => r.GetProperty("state").GetString() == "completed", "the fallback profile rolled out");
            foreach (var agent in agents)
            {
                await gateway.AgentWhen(agent.InstanceUid, a => a.GetProperty("remoteConfigStatus").GetProperty("hash").GetString() == winningHash, "runs the winning profile");
            }

            using var response = await gateway.Api.DeleteAsync($"/api/profiles/{winning}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var deleted = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(2, deleted.GetProperty("withdrawnFrom").GetInt32());
            Assert.True(deleted.GetProperty("deleted").GetBoolean());
            foreach (var agent in agents)
            {
                await gateway.AgentWhen(agent.InstanceUid, a => a.GetProperty("desiredConfigHash").GetString() == fallbackHash
                    && a.GetProperty("remoteConfigStatus").GetProperty("hash").GetString() == fallbackHash && a.RemoteConfigStatus() == "APPLIED",
                    "falls back to the other profile, pushed and applied");
            }
            Assert.Equal(HttpStatusCode.NotFound, (await gateway.Api.GetAsync($"/api/profiles/{winning}")).StatusCode);
            var names = (await gateway.Api.GetFromJsonAsync<JsonElement>("/api/profiles")).EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.DoesNotContain(winning, names);
            Assert.Contains(fallback, names);

            var late = await StartAgents(tag, 1);
            agents.AddRange(late);
            await gateway.AgentWhen(late[0].InstanceUid, a => a.GetProperty("remoteConfigStatus").GetProperty("hash").GetString() == fallbackHash && a.RemoteConfigStatus() == "APPLIED",
                "an agent that appears later gets the remaining profile");

            Assert.Equal(HttpStatusCode.NotFound, (await gateway.Api.DeleteAsync($"/api/profiles/{winning}")).StatusCode);
            // The name is free again, its history gone.
            var redefined = await gateway.Api.PutAsJsonAsync($"/api/profiles/{winning}", new { selector = "env=nowhere" });
            Assert.Equal(0, (await redefined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("versions").GetArrayLength());
        }
        finally
        {
            await DisposeAll(agents);
        }
    }

    [Fact]
    public async Task Delete_SelectorChangedSinceAnAgentJoined_StillWithdrawnFromIt()
    {
        var tag = Tag();
        var agents = new List<OpAmpClient>();
        try
        {
            (await gateway.Api.PutAsJsonAsync($"/api/profiles/{tag}", new { selector = $"env={tag}" })).EnsureSuccessStatusCode();
            var hash = await Publish(tag, "joined: late\n");
            await RolloutWhen(tag, r => r.GetProperty("state").GetString() == "completed", "v1 rolled out (to nobody)");
            // Joins after the rollout: the stable version reaches it on first contact, not through a batch.
            agents.AddRange(await StartAgents(tag, 1));
            var uid = agents[0].InstanceUid;
            await gateway.AgentWhen(uid, a => a.GetProperty("desiredConfigHash").GetString() == hash, "the late agent wants v1");
            // The profile now selects other agents; redefining does not withdraw it from this one.
            (await gateway.Api.PutAsJsonAsync($"/api/profiles/{tag}", new { selector = $"env={tag}-elsewhere" })).EnsureSuccessStatusCode();

            using var response = await gateway.Api.DeleteAsync($"/api/profiles/{tag}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await gateway.AgentWhen(uid, a => !a.TryGetProperty("desiredConfigHash", out var d) || d.ValueKind == JsonValueKind.Null,
                "the deleted profile is withdrawn from the agent that joined under its old selector");
        }
        finally
        {
            await DisposeAll(agents);
        }
    }

    [Fact]
    public async Task Delete_RolloutPaused_StopsAndWithdrawsFromTheAgentsReached()
    {
        var tag = Tag();
        // Every agent rejects the config: the first batch's failure pauses the rollout by itself (an operator's
        // pause could come too late, after four one-agent batches had all applied).
        var agents = await StartAgents(tag, 4, (_, _) => true);
        try
        {
            (await gateway.Api.PutAsJsonAsync($"/api/profiles/{tag}", new { selector = $"env={tag}", rollout = new { initialBatch = 1, growthFactor = 1, failureThreshold = 0 } })).EnsureSuccessStatusCode();
            var hash = await Publish(tag, "exporters: {debug: {}}\n");
            await RolloutWhen(tag, r => r.GetProperty("state").GetString() == "paused", "paused by the first batch's failure");

            (await gateway.Api.DeleteAsync($"/api/profiles/{tag}")).EnsureSuccessStatusCode();

            foreach (var agent in agents)
            {
                await gateway.AgentWhen(agent.InstanceUid, a => !a.TryGetProperty("desiredConfigHash", out var d) || d.ValueKind == JsonValueKind.Null,
                    "no agent is left wanting the deleted profile's config");
            }
            await Task.Delay(1500); // a rollout left running would assign its next batch by now
            foreach (var agent in agents)
            {
                var now = (await gateway.Agent(agent.InstanceUid))!.Value;
                Assert.False(now.TryGetProperty("desiredConfigHash", out var desired) && desired.GetString() == hash);
            }
        }
        finally
        {
            await DisposeAll(agents);
        }
    }

    [Fact]
    public async Task Rollback_AgentForgottenMeanwhile_NoRecordOfItComesBack()
    {
        var tag = Tag();
        var agents = await StartAgents(tag, 2);
        try
        {
            (await gateway.Api.PutAsJsonAsync($"/api/profiles/{tag}", new { selector = $"env={tag}" })).EnsureSuccessStatusCode();
            await Publish(tag, "v: 1\n");
            await RolloutWhen(tag, r => r.GetProperty("state").GetString() == "completed", "v1 rolled out");
            var gone = agents[0];
            await gone.DisposeAsync();
            agents.RemoveAt(0);
            await gateway.AgentWhen(gone.InstanceUid, a => !a.Connected(), "listed offline");
            // v2 plans both agents (offline ones are listed); then one is forgotten, and rolling back
            // re-assigns v1 to every agent v2 reached, the forgotten uid included.
            await Publish(tag, "v: 2\n");
            Assert.Equal(HttpStatusCode.NoContent, (await gateway.Api.DeleteAsync($"/api/agents/{gone.InstanceUid}")).StatusCode);
            (await gateway.Api.PostAsync($"/api/profiles/{tag}/rollout/rollback", null)).EnsureSuccessStatusCode();
            await RolloutWhen(tag, r => r.GetProperty("state").GetString() == "rolledBack", "rolled back");

            // Nothing was stored for the forgotten uid: it is still unknown, to DELETE as to GET.
            Assert.Null(await gateway.Agent(gone.InstanceUid));
            Assert.Equal(HttpStatusCode.NotFound, (await gateway.Api.DeleteAsync($"/api/agents/{gone.InstanceUid}")).StatusCode);
        }
        finally
        {
            await DisposeAll(agents);
        }
    }

    [Fact]
    public async Task Delete_WaitZero_Answers202AndTheProfileGoesAfter()
    {
        var tag = Tag();
        var agents = await StartAgents(tag, 2);
        try
        {
            (await gateway.Api.PutAsJsonAsync($"/api/profiles/{tag}", new { selector = $"env={tag}" })).EnsureSuccessStatusCode();
            await Publish(tag, "wait: none\n");
            await RolloutWhen(tag, r => r.GetProperty("state").GetString() == "completed", "rolled out");

            using var response = await gateway.Api.DeleteAsync($"/api/profiles/{tag}?wait=0");

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal($"/api/profiles/{tag}", response.Headers.Location?.OriginalString);
            Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetBoolean());
            await Eventually.True(async () => (await gateway.Api.GetAsync($"/api/profiles/{tag}")).StatusCode == HttpStatusCode.NotFound,
                "the deletion finishes after the answer", TimeSpan.FromSeconds(15));
            foreach (var agent in agents)
            {
                await gateway.AgentWhen(agent.InstanceUid, a => !a.TryGetProperty("desiredConfigHash", out var d) || d.ValueKind == JsonValueKind.Null,
                    "withdrawn from every agent");
            }
        }
        finally
        {
            await DisposeAll(agents);
        }
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("4")]
    [InlineData("soon")]
    public async Task Delete_WaitOutOfRange_400(string wait)
    {
        var tag = Tag();
        (await gateway.Api.PutAsJsonAsync($"/api/profiles/{tag}", new { selector = $"env={tag}" })).EnsureSuccessStatusCode();

        using var response = await gateway.Api.DeleteAsync($"/api/profiles/{tag}?wait={wait}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Api.GetAsync($"/api/profiles/{tag}")).StatusCode);
    }

    [Fact]
    public async Task Delete_UnknownProfile_404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Api.DeleteAsync($"/api/profiles/{Tag()}")).StatusCode);

    [Theory]
    [InlineData("{\"selector\":\"env=~(\"}")]
    [InlineData("{\"selector\":\"\",\"rollout\":{\"initialBatch\":0}}")]
    [InlineData("{\"selector\":\"\",\"rollout\":{\"failureThreshold\":2}}")]
    [InlineData("{}")]
    [InlineData("{\"selector\":null,\"priority\":5}")]
    public async Task Define_Invalid_400(string json)
    {
        var response = await gateway.Api.PutAsync($"/api/profiles/{Tag()}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GetVersion_UndefinedProfile_404SaysProfile()
    {
        var response = await gateway.Api.GetAsync($"/api/profiles/{Tag()}/versions/1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Unknown profile", (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Publish_UndefinedProfile_404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Api.PostAsJsonAsync($"/api/profiles/{Tag()}/versions", new { files = new { a = new { body = "x" } } })).StatusCode);
}
