using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Fleet.Client;
using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Tests.Client;

public class WebSocketUpgradeTests
{
    // RFC 6455 §1.3's worked example.
    private const string RfcKey = "dGhlIHNhbXBsZSBub25jZQ==";
    private const string RfcAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    [Fact]
    public void Accept_RfcExample_RfcAnswer() => Assert.Equal(RfcAccept, WebSocketUpgrade.Accept(RfcKey));

    [Fact]
    public void Request_EndpointAndHeaders_UpgradeHeadWithEach()
    {
        var head = Encoding.ASCII.GetString(WebSocketUpgrade.Request(
            new Uri("ws://127.0.0.1:4320/v1/opamp?team=a"), RfcKey, [KeyValuePair.Create("Authorization", "Bearer t")]));

        Assert.StartsWith("GET /v1/opamp?team=a HTTP/1.1\r\nHost: 127.0.0.1:4320\r\n", head);
        Assert.Contains("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n", head);
        Assert.Contains($"\r\nSec-WebSocket-Key: {RfcKey}\r\n", head);
        Assert.Contains("\r\nAuthorization: Bearer t\r\n", head);
        Assert.EndsWith("\r\n\r\n", head);
    }

    [Theory]
    [InlineData("X-Team", "a\r\nX-Injected: 1")]
    [InlineData("X Team", "a")]
    [InlineData("", "a")]
    public void Request_HeaderThatWouldBreakTheHead_Refused(string name, string value) =>
        Assert.Throws<ArgumentException>(() => WebSocketUpgrade.Request(new Uri("ws://127.0.0.1/"), RfcKey, [KeyValuePair.Create(name, value)]));

    [Fact]
    public void Check_SwitchingWithTheKeysAnswer_Accepted() =>
        Assert.Null(WebSocketUpgrade.Check($"HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Accept: {RfcAccept}", RfcKey));

    [Fact]
    public void Check_AnswerToAnotherKey_Refused()
    {
        var refused = WebSocketUpgrade.Check($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {RfcAccept}", WebSocketUpgrade.NewKey());

        Assert.NotNull(refused);
        Assert.Contains("Sec-WebSocket-Accept", refused.Message);
    }

    [Fact]
    public void Check_SwitchingWithoutUpgradeHeaders_Refused() =>
        Assert.NotNull(WebSocketUpgrade.Check($"HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: {RfcAccept}", RfcKey));

    [Fact]
    public void Check_ServiceUnavailable_StatusAndRetryAfter()
    {
        var refused = WebSocketUpgrade.Check("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0", RfcKey);

        Assert.NotNull(refused);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.RetryAfter);
    }

    [Fact]
    public void Check_NotHttp_RefusedWithoutStatus()
    {
        var refused = WebSocketUpgrade.Check("SSH-2.0-OpenSSH_9.6", RfcKey);

        Assert.NotNull(refused);
        Assert.Null(refused.Status);
    }

    [Fact]
    public async Task Connect_ServerSendsAFrameRightBehindThe101_AgentReceivesIt()
    {
        // A server of another make may push at once: the bytes behind the head belong to the WebSocket.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var pushed = new ServerToAgent { InstanceUid = ByteString.CopyFrom(new byte[16]), Flags = (ulong)ServerToAgentFlags.ReportFullState };
        var server = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptTcpClientAsync();
            var stream = accepted.GetStream();
            var head = await ReadHead(stream);
            var key = head.Split("\r\n").Single(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))[18..].Trim();
            var payload = new byte[] { 0 }.Concat(pushed.ToByteArray()).ToArray();
            var response = Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {WebSocketUpgrade.Accept(key)}\r\n\r\n")
                .Concat(new byte[] { 0x82, (byte)payload.Length }).Concat(payload).ToArray();
            await stream.WriteAsync(response); // one write: head and frame arrive together
            await stream.ReadAtLeastAsync(new byte[64], 1, throwOnEndOfStream: false); // until the agent closes
        });
        var received = new TaskCompletionSource<ServerToAgent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new OpAmpWebSocketConnection(new OpAmpClientOptions { Endpoint = new Uri($"ws://127.0.0.1:{port}/v1/opamp") });

        await connection.ConnectAsync(message => { received.TrySetResult(message); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal(pushed, await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await connection.CloseAsync(CancellationToken.None);
        await server.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Connect_ServerAnswersWithoutSwitching_RefusedStatusKept()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptTcpClientAsync();
            var stream = accepted.GetStream();
            await ReadHead(stream);
            await stream.WriteAsync("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
        });
        await using var connection = new OpAmpWebSocketConnection(new OpAmpClientOptions { Endpoint = new Uri($"ws://127.0.0.1:{port}/v1/opamp") });

        await Assert.ThrowsAsync<WebSocketException>(() => connection.ConnectAsync(_ => Task.CompletedTask, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, connection.RefusedStatus);
        await server;
    }

    [Fact]
    public async Task PrefixedStream_PrefixThenInner_ReadInOrder()
    {
        using var stream = new PrefixedStream([1, 2, 3], new MemoryStream([4, 5]));
        var buffer = new byte[2];

        Assert.Equal(0, await stream.ReadAsync(Memory<byte>.Empty));
        Assert.Equal(2, await stream.ReadAsync(buffer));
        Assert.Equal([1, 2], buffer);
        Assert.Equal(1, await stream.ReadAsync(buffer));
        Assert.Equal(3, buffer[0]);
        Assert.Equal(2, await stream.ReadAsync(buffer));
        Assert.Equal([4, 5], buffer);
        Assert.Equal(0, await stream.ReadAsync(buffer));
    }

    private static async Task<string> ReadHead(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !head[^4..].SequenceEqual("\r\n\r\n"u8.ToArray()))
        {
            Assert.Equal(1, await stream.ReadAsync(one));
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. head]);
    }
}
