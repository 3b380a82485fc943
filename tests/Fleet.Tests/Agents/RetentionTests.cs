using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Gateway;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Fleet.Tests.Agents;

public class RetentionTests(RetentionGatewayFixture gateway) : IClassFixture<RetentionGatewayFixture>
{
    [Fact]
    public async Task ForgetOfflineAfter_SilentAgentForgottenConnectedOnesKept()
    {
        var run = Guid.NewGuid().ToString("N");
        var silent = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, $"silent-{run}");
        var silentUid = silent.InstanceUid;
        // Heartbeats every second, and a socket without heartbeats: both stay connected past the retention.
        await using var heartbeating = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, $"heartbeating-{run}");
        await using var quiet = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, $"quiet-{run}",
            capabilities: Messages.Caps, heartbeat: TimeSpan.FromHours(1));
        await gateway.AgentWhen(silentUid, a => a.Connected(), "connected");
        await silent.DisposeAsync();
        var offline = await gateway.AgentWhen(silentUid, a => !a.Connected(), "listed offline");
        var lastSeen = offline.GetProperty("lastSeen").GetDateTimeOffset();

        await Eventually.True(async () => await gateway.Agent(silentUid) is null, "the silent agent is forgotten", TimeSpan.FromSeconds(30));

        // Not before the retention: the sweep takes only agents last heard from a retention ago (same clock).
        var forgottenAfter = DateTimeOffset.UtcNow - lastSeen;
        Assert.True(forgottenAfter >= RetentionGatewayFixture.Retention, $"forgotten {forgottenAfter} after it was last heard from");
        var listed = await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/agents?search={run}");
        var names = listed.GetProperty("items").EnumerateArray().Select(a => a.ServiceName()).Order().ToList();
        Assert.Equal([$"heartbeating-{run}", $"quiet-{run}"], names);
        Assert.All(listed.GetProperty("items").EnumerateArray(), a => Assert.True(a.Connected()));
    }

    [Fact]
    public async Task ForgetOfflineAfter_ShorterThanTheOfflineWindow_GatewayRefusesToStart()
    {
        var ports = FreePorts.Take(4);
        await using var app = GatewayApp.Build([.. GatewayFixture.Arguments(ports), "--Fleet:Agents:ForgetOfflineAfter=00:00:02"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("ForgetOfflineAfter", error.Message);
    }
}
