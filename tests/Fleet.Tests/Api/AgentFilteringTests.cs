using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Api;

public class AgentFilteringTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private async Task<Guid> Report(string name, string version, string env, bool healthy = true, string? effective = null)
    {
        var uid = Guid.CreateVersion7();
        var message = Messages.First(uid, name);
        message.AgentDescription = Infrastructure.Agents.Description(name, version);
        message.AgentDescription.NonIdentifyingAttributes.Add(new KeyValue { Key = "env", Value = new AnyValue { StringValue = env } });
        message.Health = new ComponentHealth { Healthy = healthy };
        if (effective is not null)
        {
            message.EffectiveConfig = new EffectiveConfig { ConfigMap = new AgentConfigMap { ConfigMap = { ["c.yaml"] = new AgentConfigFile { Body = ByteString.CopyFromUtf8(effective), ContentType = "text/yaml" } } } };
        }
        var content = new ByteArrayContent(message.ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        (await gateway.OpAmpHttp.PostAsync("/v1/opamp", content)).EnsureSuccessStatusCode();
        return uid;
    }

    private async Task<List<string>> Uids(string query)
    {
        var page = await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/agents?limit=1000&{query}");
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("instanceUid").GetString()!).ToList();
    }

    [Fact]
    public async Task List_SelectorAndFilters_OnlyMatchingAgents()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var prodNew = await Report($"f-{tag}-a", "2.0.0", "prod");
        var prodOld = await Report($"f-{tag}-b", "1.0.0", "prod", healthy: false);
        var dev = await Report($"f-{tag}-c", "2.0.0", "dev");
        await Eventually.True(async () => (await Uids($"search={tag}")).Count == 3, "all three listed");

        Assert.Equal([prodNew.ToString()], await Uids($"search={tag}&selector=env=prod,service.version=~2\\..*"));
        Assert.Equal([prodOld.ToString()], await Uids($"search={tag}&healthy=false"));
        Assert.Equal(new[] { prodNew, dev }.Select(u => u.ToString()).Order(), (await Uids($"search={tag}&selector=service.version in (2.0.0)")).Order());
        Assert.Equal([dev.ToString()], await Uids($"search={tag}&selector=env notin (prod)&connected=true&transport=http"));
        Assert.Empty(await Uids($"search={tag}&transport=webSocket"));
    }

    [Fact]
    public async Task List_SortByServiceNameDescending_Ordered()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        foreach (var name in new[] { "b", "c", "a" })
        {
            await Report($"s-{tag}-{name}", "1", "x");
        }
        await Eventually.True(async () => (await Uids($"search={tag}")).Count == 3, "listed");

        var page = await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/agents?search={tag}&sort=serviceName&desc=true");
        var names = page.GetProperty("items").EnumerateArray().Select(i => i.ServiceName()).ToList();
        Assert.Equal([$"s-{tag}-c", $"s-{tag}-b", $"s-{tag}-a"], names);
    }

    [Theory]
    [InlineData("selector=env=~(")]
    [InlineData("configStatus=DONE")]
    [InlineData("transport=carrier-pigeon")]
    [InlineData("sort=color")]
    public async Task List_InvalidFilter_400Problem(string query)
    {
        var response = await gateway.Api.GetAsync($"/api/agents?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Overview_Counts_MoveWithTheFleet()
    {
        var before = await gateway.Api.GetFromJsonAsync<JsonElement>("/api/agents/overview");
        var version = "9.9." + Random.Shared.Next(1000);
        var drifting = await Report("ov-drift", version, "prod", effective: "running: something-else\n");
        await Report("ov-sick", version, "prod", healthy: false);
        (await gateway.SetConfig(drifting, "c.yaml", "wanted: config\n")).EnsureSuccessStatusCode();

        await Eventually.True(async () =>
        {
            var after = await gateway.Api.GetFromJsonAsync<JsonElement>("/api/agents/overview");
            return after.GetProperty("total").GetInt32() == before.GetProperty("total").GetInt32() + 2
                && after.GetProperty("unhealthy").GetInt32() == before.GetProperty("unhealthy").GetInt32() + 1
                && after.GetProperty("drifted").GetInt32() == before.GetProperty("drifted").GetInt32() + 1
                && after.GetProperty("byVersion").GetProperty(version).GetInt32() == 2;
        }, "the overview counts the new agents");
        Assert.True((await gateway.Agent(drifting))!.Value.GetProperty("drifted").GetBoolean());
        Assert.Contains(drifting.ToString(), await Uids("drifted=true"));
    }
}
