using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Transport;

/// <summary>A gateway in <c>WebSocketKeepAliveMode=Ping</c>: a socket whose pongs stop is closed.</summary>
public class PingKeepAliveTests(PingKeepAliveTests.PingGateway gateway) : IClassFixture<PingKeepAliveTests.PingGateway>
{
    public sealed class PingGateway : GatewayFixture
    {
        protected override IEnumerable<string> Settings => ["--Fleet:Gateway:WebSocketKeepAliveMode=Ping"];
    }

    [Fact]
    public async Task DeadConnection_PeerStopsAnsweringPings_ClosedAndListedDisconnected()
    {
        var uid = Guid.CreateVersion7();
        // No heartbeat capability, so its grain never expects a message: only the pings can tell.
        using var silent = await SilentWebSocketPeer.Open(gateway.OpAmpPort, Messages.First(uid, "silent"));
        await gateway.AgentWhen(uid, a => a.GetProperty("connected").GetBoolean(), "the silent agent connected");

        await gateway.AgentWhen(uid, a => !a.GetProperty("connected").GetBoolean(), "the dead connection is detected", TimeSpan.FromSeconds(20));
    }
}
