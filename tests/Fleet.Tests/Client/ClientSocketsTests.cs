using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Fleet.Client;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Client;

public class ClientSocketsTests
{
    [Fact]
    public async Task Handler_SourceAddressGiven_ConnectionsComeFromIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var source = IPAddress.Parse("127.0.0.7");
        using var invoker = new HttpMessageInvoker(ClientSockets.Handler(source, tls: null));

        var seen = new List<IPEndPoint>();
        var server = Task.Run(async () =>
        {
            // Two requests, each on a new connection (the server closes after answering).
            for (var i = 0; i < 2; i++)
            {
                using var accepted = await listener.AcceptTcpClientAsync();
                seen.Add((IPEndPoint)accepted.Client.RemoteEndPoint!);
                var stream = accepted.GetStream();
                var buffer = new byte[4096];
                await stream.ReadAtLeastAsync(buffer, 16, throwOnEndOfStream: false);
                await stream.WriteAsync("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"u8.ToArray());
            }
        });

        for (var i = 0; i < 2; i++)
        {
            using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/"), CancellationToken.None);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        await server.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(seen, remote => Assert.Equal(source, remote.Address));
    }

    [Fact]
    public async Task WebSocketConnect_NothingListening_WebSocketExceptionSayingRefused()
    {
        var port = FreePorts.Take(1)[0];
        await using var connection = new OpAmpWebSocketConnection(new OpAmpClientOptions { Endpoint = new Uri($"ws://127.0.0.1:{port}/v1/opamp") });

        var e = await Assert.ThrowsAsync<WebSocketException>(() => connection.ConnectAsync(_ => Task.CompletedTask, CancellationToken.None));

        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(e.InnerException).SocketErrorCode);
    }

    [Fact]
    public async Task WebSocketTryConnect_NothingListening_RefusalReturnedNotThrown()
    {
        var port = FreePorts.Take(1)[0];
        await using var connection = new OpAmpWebSocketConnection(new OpAmpClientOptions { Endpoint = new Uri($"ws://127.0.0.1:{port}/v1/opamp") });

        var unreachable = await connection.TryConnectAsync(_ => Task.CompletedTask, CancellationToken.None);

        Assert.NotNull(unreachable);
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(unreachable.InnerException).SocketErrorCode);
    }

    [Fact]
    public async Task WebSocketConnect_SourceAddressGiven_UpgradeOnTheOpenedSocketFromIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var source = IPAddress.Parse("127.0.0.9");
        var server = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptTcpClientAsync();
            var stream = accepted.GetStream();
            var head = await ReadHead(stream);
            var key = head.Split("\r\n").Single(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))["Sec-WebSocket-Key:".Length..].Trim();
            var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"));
            // The only connection this client opened is the one it upgraded.
            listener.Stop();
            return ((IPEndPoint)accepted.Client.RemoteEndPoint!, head);
        });
        await using var connection = new OpAmpWebSocketConnection(new OpAmpClientOptions { Endpoint = new Uri($"ws://127.0.0.1:{port}/v1/opamp"), LocalAddress = source });

        await connection.ConnectAsync(_ => Task.CompletedTask, CancellationToken.None);

        var (remote, head) = await server.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(source, remote.Address);
        Assert.StartsWith("GET /v1/opamp HTTP/1.1", head, StringComparison.Ordinal);
    }

    private static async Task<string> ReadHead(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
        {
            head.Append((char)buffer[0]);
        }
        return head.ToString();
    }
}
