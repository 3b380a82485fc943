using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Fleet.Tests.Supervisor;

namespace Fleet.Tests.Client;

public class OpAmpClientDisconnectTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task DisconnectAsync_ChangeCountedAsSentButNeverDelivered_GoodbyeCarriesIt()
    {
        await using var client = await Infrastructure.Agents.Start(gateway.HttpEndpoint, "goodbye", heartbeat: TimeSpan.FromMinutes(5));
        await gateway.AgentWhen(client.InstanceUid, a => a.Connected() && a.Healthy(), "the agent is listed healthy");
        client.Status.Health = new ComponentHealth { Healthy = false, Status = "stopped: shutting down" };
        // What a send cut short by the stop leaves behind: the change counts as sent, the server never saw it.
        client.Status.NextMessage();

        await client.DisconnectAsync(CancellationToken.None);

        var gone = await gateway.AgentWhen(client.InstanceUid, a => !a.Connected(), "AgentDisconnect marks the agent disconnected");
        Assert.False(gone.Healthy());
        Assert.Contains("shutting down", gone.HealthText("status"));
    }
}
