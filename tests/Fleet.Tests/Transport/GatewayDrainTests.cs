using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Fleet.Client;
using Fleet.Gateway.Transport;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Tests.Transport;

public class GatewayDrainTests
{
    [Fact]
    public async Task StoppingAsync_Embedded_OpAmpPortRefusesAgentsClosedWith1001ManagementStillAnswers()
    {
        var gateway = new GatewayFixture();
        await gateway.InitializeAsync();
        try
        {
            await using var agent = new OpAmpWebSocketConnection(new OpAmpClientOptions { Endpoint = gateway.WebSocketEndpoint });
            var uid = Guid.CreateVersion7();
            await agent.ConnectAsync(_ => Task.CompletedTask, CancellationToken.None);
            await agent.SendAsync(Messages.First(uid, "drained"), CancellationToken.None);
            await gateway.AgentWhen(uid, a => a.Connected(), "connected");

            // What SIGTERM runs first, without going on to stop the host.
            var drain = gateway.Services.GetServices<IHostedService>().OfType<GatewayDrain>().Single();
            await drain.StoppingAsync(CancellationToken.None);

            await agent.Completion.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, agent.CloseStatus);
            using var knocking = new TcpClient();
            var refused = await Assert.ThrowsAsync<SocketException>(() => knocking.ConnectAsync(IPAddress.Loopback, gateway.OpAmpPort));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
            // Only OpAMP stopped listening: the management port says why it is not ready.
            using var ready = await gateway.Api.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        finally
        {
            // Kestrel's own unbind finds the OpAMP listener closed already: the stop must still be clean.
            await gateway.DisposeAsync();
        }
    }
}
