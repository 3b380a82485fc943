using System.Net;
using System.Net.Sockets;
using Fleet.Client;

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
}
