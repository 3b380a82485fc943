using System.Net;
using System.Net.Sockets;
using Fleet.Gateway.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Tests.Hosting;

public class StoppableListenerFactoryTests
{
    private static StoppableListenerFactory Sockets() =>
        new(new SocketTransportFactory(Options.Create(new SocketTransportOptions()), NullLoggerFactory.Instance));

    [Fact]
    public async Task StopListening_BoundPort_NewConnectionsRefusedAcceptedOnesKept()
    {
        var factory = Sockets();
        await using var listener = await factory.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)listener.EndPoint).Port;
        using var before = new TcpClient();
        await before.ConnectAsync(IPAddress.Loopback, port);
        var accepted = await listener.AcceptAsync();
        Assert.NotNull(accepted);

        Assert.Equal(1, await factory.StopListening(port));

        using var after = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => after.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.Null(await listener.AcceptAsync());
        // The connection taken before still carries data.
        await before.GetStream().WriteAsync("ping"u8.ToArray());
        var read = await accepted.Transport.Input.ReadAsync();
        Assert.Equal("ping"u8.ToArray(), System.Buffers.BuffersExtensions.ToArray(read.Buffer));
        await accepted.DisposeAsync();
    }

    [Fact]
    public async Task StopListening_OtherPort_NothingStops()
    {
        var factory = Sockets();
        await using var listener = await factory.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)listener.EndPoint).Port;

        Assert.Equal(0, await factory.StopListening(port == 1 ? 2 : 1));

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        Assert.NotNull(await listener.AcceptAsync());
    }
}
