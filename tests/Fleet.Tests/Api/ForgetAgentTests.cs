using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Api;

public class ForgetAgentTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private Task<ServerToAgent> Poll(AgentToServer message) => gateway.OpAmpHttp.Poll(message);

    private async Task<int> Matching(string search) =>
        (await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/agents?search={search}")).GetProperty("total").GetInt32();

    [Fact]
    public async Task Forget_DisconnectedAgent_204AndGoneFromDetailAndList()
    {
        var name = $"forget-{Guid.NewGuid():N}";
        var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, name);
        var uid = client.InstanceUid;
        await gateway.AgentWhen(uid, a => a.Connected(), "connected");
        await client.DisposeAsync();
        await gateway.AgentWhen(uid, a => !a.Connected(), "listed offline once its socket closed");
        Assert.Equal(1, await Matching(name));

        using var response = await gateway.Api.DeleteAsync($"/api/agents/{uid}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(await gateway.Agent(uid));
        Assert.Equal(0, await Matching(name));
        using var again = await gateway.Api.DeleteAsync($"/api/agents/{uid}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Forget_AgentComesBack_ListedAfreshWithoutItsOldConfig()
    {
        var uid = Guid.CreateVersion7();
        await Poll(Messages.First(uid, "returning"));
        Assert.Equal(HttpStatusCode.Accepted, (await gateway.SetConfig(uid, "collector.yaml", "receivers: {}")).StatusCode);
        await gateway.AgentWhen(uid, a => !a.Connected(), "listed offline after the poll interval", TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.NoContent, (await gateway.Api.DeleteAsync($"/api/agents/{uid}")).StatusCode);

        // Its next poll carries on from sequence 2: the server knows nothing now, so it asks for everything.
        var reply = await Poll(Messages.Next(uid, 2));
        Assert.Equal((ulong)ServerToAgentFlags.ReportFullState, reply.Flags & (ulong)ServerToAgentFlags.ReportFullState);
        Assert.Null(reply.RemoteConfig);
        var again = Messages.First(uid, "returning");
        again.SequenceNum = 3;
        var full = await Poll(again);

        Assert.Null(full.RemoteConfig);
        var agent = await gateway.AgentWhen(uid, a => a.Connected(), "listed again");
        Assert.False(agent.TryGetProperty("desiredConfigHash", out var desired) && desired.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task Forget_ConnectedAgent_409AndStillListed()
    {
        await using var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, "connected-forget");
        await gateway.AgentWhen(client.InstanceUid, a => a.Connected(), "connected");

        using var response = await gateway.Api.DeleteAsync($"/api/agents/{client.InstanceUid}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("is connected", problem.GetProperty("detail").GetString());
        Assert.True((await gateway.Agent(client.InstanceUid))?.Connected());
    }

    [Fact]
    public async Task Forget_UnknownAgent_404()
    {
        using var response = await gateway.Api.DeleteAsync($"/api/agents/{Guid.CreateVersion7()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Forget_NotAUuid_400()
    {
        using var response = await gateway.Api.DeleteAsync("/api/agents/not-a-uid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
