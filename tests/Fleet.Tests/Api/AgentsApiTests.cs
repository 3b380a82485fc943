using Microsoft.Extensions.DependencyInjection;
using Fleet.Gateway.Api;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Api;

public class AgentsApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private async Task<Guid> Report(string name, ulong capabilities = Messages.Caps)
    {
        var uid = Guid.CreateVersion7();
        var content = new ByteArrayContent(Messages.First(uid, name, capabilities).ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        (await gateway.OpAmpHttp.PostAsync("/v1/opamp", content)).EnsureSuccessStatusCode();
        return uid;
    }

    private async Task<JsonElement> Page(int offset, int limit) =>
        await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/agents?offset={offset}&limit={limit}");

    [Fact]
    public async Task List_Paged_StableOrderCoversEveryAgentOnce()
    {
        var mine = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add((await Report($"paged-{i}")).ToString());
        }
        await Eventually.True(async () => (await Page(0, 1000)).GetProperty("total").GetInt32() >= 5, "all agents are listed");

        var seen = new List<string>();
        var total = (await Page(0, 1)).GetProperty("total").GetInt32();
        for (var offset = 0; offset < total; offset += 2)
        {
            var page = await Page(offset, 2);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("instanceUid").GetString()!));
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Superset(mine, seen.ToHashSet());
    }

    [Theory]
    [InlineData("")]
    [InlineData("&sort=lastSeen&desc=true")]
    [InlineData("&sort=serviceName")]
    public async Task List_WalkedByCursor_SameAsByOffsetAndEndsWithNoNext(string order)
    {
        var mine = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add((await Report($"cursor-{i}")).ToString());
        }
        static List<string> Uids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("instanceUid").GetString()!).ToList();
        await Eventually.True(async () => Uids(await Page(0, 1000)).Intersect(mine).Count() == 5, "this test's agents are listed");
        var all = await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/agents?limit=1000{order}");
        Assert.Equal(JsonValueKind.Null, all.GetProperty("next").ValueKind);

        var walked = new List<string>();
        var page = await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/agents?limit=2{order}");
        walked.AddRange(Uids(page));
        while (page.GetProperty("next").GetString() is { } next)
        {
            page = await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/agents?limit=2&after={next}{order}");
            Assert.Equal(all.GetProperty("total").GetInt32(), page.GetProperty("total").GetInt32());
            walked.AddRange(Uids(page));
        }

        // Tests of this class run one at a time, and these agents sent one message each: nothing moves meanwhile.
        Assert.Equal(Uids(all), walked);
        Assert.Superset(mine.ToHashSet(), walked.ToHashSet());
    }

    [Theory]
    [InlineData("after=nonsense")]
    [InlineData("after={0}&offset=2")]
    [InlineData("after={0}&sort=lastSeen")]
    [InlineData("after={0}&desc=true")]
    public async Task List_BadCursor_400Problem(string query)
    {
        await Report("bad-cursor-1");
        await Report("bad-cursor-2");
        await Eventually.True(async () => (await Page(0, 1)).GetProperty("total").GetInt32() >= 2, "two agents are listed");
        var next = (await gateway.Api.GetFromJsonAsync<JsonElement>("/api/agents?limit=1")).GetProperty("next").GetString();
        Assert.NotNull(next); // more than one agent is listed

        var response = await gateway.Api.GetAsync("/api/agents?" + string.Format(System.Globalization.CultureInfo.InvariantCulture, query, next));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("after", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void List_EverySiloOfThisRelease_ShardsPageThemselves() =>
        Assert.True(gateway.Services.GetRequiredService<AgentDirectoryReader>().ShardsRead);

    [Fact]
    public async Task List_Item_HasTheFieldsOperatorsNeed()
    {
        var uid = await Report("fields");
        await Eventually.True(async () => (await Page(0, 1000)).GetProperty("items").EnumerateArray().Any(i => i.GetProperty("instanceUid").GetString() == uid.ToString()), "listed");
        var item = (await Page(0, 1000)).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("instanceUid").GetString() == uid.ToString());

        Assert.Equal("fields", item.ServiceName());
        Assert.True(item.Connected());
        Assert.True(item.GetProperty("healthy").GetBoolean());
        Assert.True(item.TryGetProperty("lastSeen", out _));
        Assert.True(item.TryGetProperty("effectiveConfigHash", out _));
        Assert.True(item.TryGetProperty("remoteConfigStatus", out _));
        Assert.Contains("AcceptsRemoteConfig", item.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, 0)]
    [InlineData(0, 5000)]
    public async Task List_InvalidPaging_400Problem(int offset, int limit)
    {
        var response = await gateway.Api.GetAsync($"/api/agents?offset={offset}&limit={limit}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_UnknownAgent_404Problem()
    {
        var response = await gateway.Api.GetAsync($"/api/agents/{Guid.CreateVersion7()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("not-a-uid")]
    [InlineData("0123")]
    public async Task Get_InvalidUid_400(string uid) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await gateway.Api.GetAsync($"/api/agents/{uid}")).StatusCode);

    [Fact]
    public async Task Get_HexUid_SameAgentAsCanonical()
    {
        var uid = await Report("hex");
        var response = await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/agents/{uid:N}");
        Assert.Equal(uid.ToString(), response.GetProperty("instanceUid").GetString());
    }

    [Fact]
    public async Task SetConfig_UnknownAgent_404()
    {
        var response = await gateway.SetConfig(Guid.CreateVersion7(), "a.yaml", "x: 1");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SetConfig_AgentWithoutAcceptsRemoteConfig_409()
    {
        var uid = await Report("no-remote-config", (ulong)AgentCapabilities.ReportsStatus);
        var response = await gateway.SetConfig(uid, "a.yaml", "x: 1");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"files\":{\"a.yaml\":{}}}")]
    [InlineData("{\"files\":{\"a.yaml\":null}}")]
    public async Task SetConfig_InvalidBody_400WithErrors(string json)
    {
        var uid = await Report("invalid-body");
        var response = await gateway.Api.PutAsync($"/api/agents/{uid}/config", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task SetConfig_MalformedJson_400()
    {
        var uid = await Report("malformed-json");
        var response = await gateway.Api.PutAsync($"/api/agents/{uid}/config", new StringContent("{files:", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SetConfig_SameConfigTwice_SecondUnchangedSameHash()
    {
        var uid = await Report("twice");
        var first = await (await gateway.SetConfig(uid, "a.yaml", "x: 1")).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await gateway.SetConfig(uid, "a.yaml", "x: 1")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("unchanged", second.GetProperty("delivery").GetString());
        Assert.Equal(first.GetProperty("configHash").GetString(), second.GetProperty("configHash").GetString());
        var detail = await gateway.Agent(uid);
        Assert.Equal("x: 1", detail!.Value.GetProperty("desiredConfig").GetProperty("a.yaml").GetProperty("body").GetString());
    }

    [Fact]
    public async Task Listeners_ApiOnOpAmpPortAndOpAmpOnManagementPort_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.OpAmpHttp.GetAsync("/api/agents")).StatusCode);
        var content = new ByteArrayContent(Messages.First(Guid.CreateVersion7()).ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Api.PostAsync("/v1/opamp", content)).StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_RunningGateway_200OnBothPorts(string path)
    {
        Assert.Equal(HttpStatusCode.OK, (await gateway.Api.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.OpAmpHttp.GetAsync(path)).StatusCode);
    }
}
