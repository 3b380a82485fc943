using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Api;

public class CommandsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const ulong RestartableCaps = Messages.Caps | (ulong)AgentCapabilities.AcceptsRestartCommand;

    private Task<ServerToAgent> Poll(AgentToServer message) => gateway.OpAmpHttp.Poll(message);

    [Fact]
    public async Task Restart_WebSocketAgent_PushedAndRunOnce()
    {
        var restarts = 0;
        await using var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, "restartable",
            c => c.OnRestart = _ => { Interlocked.Increment(ref restarts); return Task.CompletedTask; },
            capabilities: RestartableCaps | (ulong)AgentCapabilities.ReportsHealth, heartbeat: TimeSpan.FromMilliseconds(200));
        await gateway.AgentWhen(client.InstanceUid, a => a.Connected(), "connected");

        var response = await gateway.Api.PostAsync($"/api/agents/{client.InstanceUid}/restart", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("pushed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delivery").GetString());
        await Eventually.True(() => Task.FromResult(restarts == 1), "the agent restarts");
        await Task.Delay(1000); // several heartbeats later: still exactly once
        Assert.Equal(1, restarts);
    }

    [Fact]
    public async Task Restart_HttpAgent_QueuedDeliveredOnNextPollOnlyOnce()
    {
        var uid = Guid.CreateVersion7();
        await Poll(Messages.First(uid, "http-restart", RestartableCaps));

        var response = await gateway.Api.PostAsync($"/api/agents/{uid}/restart", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", body.GetProperty("delivery").GetString());
        var again = await (await gateway.Api.PostAsync($"/api/agents/{uid}/restart", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(body.GetProperty("commandId").GetString(), again.GetProperty("commandId").GetString());

        var first = await Poll(Messages.Next(uid, 2, RestartableCaps));
        var second = await Poll(Messages.Next(uid, 3, RestartableCaps));

        Assert.Equal(CommandType.Restart, first.Command?.Type);
        Assert.Null(first.RemoteConfig);
        Assert.Null(second.Command);
    }

    [Fact]
    public async Task Restart_Expired_NeverDelivered()
    {
        var uid = Guid.CreateVersion7();
        await Poll(Messages.First(uid, "late", RestartableCaps));

        var response = await gateway.Api.PostAsJsonAsync($"/api/agents/{uid}/restart", new { expiresInSeconds = 1 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Task.Delay(1500);

        Assert.Null((await Poll(Messages.Next(uid, 2, RestartableCaps))).Command);
    }

    [Fact]
    public async Task Restart_AgentWithoutCapability_409()
    {
        var uid = Guid.CreateVersion7();
        await Poll(Messages.First(uid, "not-restartable"));
        Assert.Equal(HttpStatusCode.Conflict, (await gateway.Api.PostAsync($"/api/agents/{uid}/restart", null)).StatusCode);
    }

    [Fact]
    public async Task Restart_UnknownAgent_404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Api.PostAsync($"/api/agents/{Guid.CreateVersion7()}/restart", null)).StatusCode);
}
