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
        await gateway.AgentWhen(silentUid, a => !a.Connected(), "listed offline");
        var offlineAt = DateTimeOffset.UtcNow;

        await Eventually.True(async () => await gateway.Agent(silentUid) is null, "the silent agent is forgotten", TimeSpan.FromSeconds(30));

        // Not before the retention: it was last heard from no later than when it was seen offline.
        Assert.True(DateTimeOffset.UtcNow - offlineAt >= RetentionGatewayFixture.Retention - TimeSpan.FromSeconds(1),
            $"forgotten {DateTimeOffset.UtcNow - offlineAt} after it went offline");
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
