using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Api;

public class CustomMessagesTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string Capability = "io.example.pprof";

    [Fact]
    public async Task CustomMessages_BothWays_DeliveredKeptAndListed()
    {
        var received = new TaskCompletionSource<CustomMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, "custom", c =>
        {
            c.Status.CustomCapabilities = new CustomCapabilities { Capabilities = { Capability } };
            c.MessageReceived += m => { if (m.CustomMessage is { } cm) { received.TrySetResult(cm); } };
        });
        await gateway.AgentWhen(client.InstanceUid, a => a.Connected() && a.GetProperty("customCapabilities").GetArrayLength() == 1, "capability declared");

        var send = await gateway.Api.PostAsJsonAsync($"/api/agents/{client.InstanceUid}/custom-messages", new { capability = Capability, type = "start", text = "profile 30s" });
        Assert.Equal(HttpStatusCode.Accepted, send.StatusCode);
        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("start", message.Type);
        Assert.Equal("profile 30s", message.Data.ToStringUtf8());

        // The agent answers with its own custom message: kept and listed.
        var reply = new AgentToServer
        {
            InstanceUid = Contracts.Agents.InstanceUid.ToByteString(client.InstanceUid),
            CustomMessage = new CustomMessage { Capability = Capability, Type = "result", Data = ByteString.CopyFromUtf8("done") },
        };
        await ((Fleet.Client.OpAmpWebSocketConnection)client.Connection).SendAsync(reply, CancellationToken.None);
        await Eventually.True(async () =>
        {
            var list = await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/agents/{client.InstanceUid}/custom-messages");
            return list.EnumerateArray().Any(m => m.GetProperty("type").GetString() == "result" && m.GetProperty("text").GetString() == "done");
        }, "the agent's message is kept");

        var capabilities = await gateway.Api.GetFromJsonAsync<JsonElement>("/api/capabilities/custom");
        Assert.Contains(capabilities.EnumerateArray(), c => c.GetProperty("capability").GetString() == Capability && c.GetProperty("agents").GetInt32() >= 1);
    }

    [Fact]
    public async Task Send_UndeclaredCapability_409()
    {
        await using var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, "plain");
        await gateway.AgentWhen(client.InstanceUid, a => a.Connected(), "connected");

        var send = await gateway.Api.PostAsJsonAsync($"/api/agents/{client.InstanceUid}/custom-messages", new { capability = Capability, type = "start", text = "x" });

        Assert.Equal(HttpStatusCode.Conflict, send.StatusCode);
    }

    [Theory]
    [InlineData("{\"text\":\"x\"}")]
    [InlineData("{\"capability\":\"c\"}")]
    [InlineData("{\"capability\":\"c\",\"data\":\"%%%\"}")]
    public async Task Send_InvalidBody_400(string json)
    {
        var response = await gateway.Api.PostAsync($"/api/agents/{Guid.CreateVersion7()}/custom-messages", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
