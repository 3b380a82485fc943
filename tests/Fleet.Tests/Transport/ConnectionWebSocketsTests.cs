using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Transport;

/// <summary>The default gateway takes OpAMP WebSocket upgrades on the connection, below the request pipeline.</summary>
public class ConnectionWebSocketsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    internal const string ActiveRequests = "http.server.active_requests";
    internal const string HostingMeter = "Microsoft.AspNetCore.Hosting";

    [Fact]
    public async Task Upgrade_Default_SocketHoldsNoRequest() =>
        Assert.Equal(0, await RequestsHeldWhileServed(gateway, gateway.WebSocketEndpoint));

    [Fact]
    public async Task Upgrade_PathInOtherCase_ServedThroughPipelineAlike() =>
        // Not exactly /v1/opamp: declined on the connection, routed (case-insensitively) as before.
        Assert.Equal(1, await RequestsHeldWhileServed(gateway, new Uri($"ws://127.0.0.1:{gateway.OpAmpPort}/V1/OpAMP")));

    [Fact]
    public async Task Upgrade_FleetClientsOwnHandshake_SocketHoldsNoRequest()
    {
        // The Fleet client writes its plain ws:// handshake itself: it must be one the connection takes.
        using var meter = new GatewayMeter(gateway.Services, HostingMeter);
        var uid = Guid.CreateVersion7();
        var replies = new TaskCompletionSource<ServerToAgent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var agent = new Fleet.Client.OpAmpWebSocketConnection(new Fleet.Client.OpAmpClientOptions { Endpoint = gateway.WebSocketEndpoint, InstanceUid = uid });
        await agent.ConnectAsync(reply => { replies.TrySetResult(reply); return Task.CompletedTask; }, CancellationToken.None);
        await agent.SendAsync(Messages.First(uid), CancellationToken.None);

        var reply = await replies.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(InstanceUid.ToByteString(uid), reply.InstanceUid);
        Assert.Equal(0, meter.Sum(ActiveRequests));
    }

    /// <summary>Connects an agent, checks it is answered, and counts the gateway's HTTP requests in flight meanwhile.</summary>
    internal static async Task<double> RequestsHeldWhileServed(GatewayFixture gateway, Uri endpoint)
    {
        using var meter = new GatewayMeter(gateway.Services, HostingMeter);
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(endpoint);
        await socket.Send(Messages.First(uid));

        var reply = await socket.Receive();

        Assert.Equal(InstanceUid.ToByteString(uid), reply.InstanceUid);
        return meter.Sum(ActiveRequests);
    }

    [Fact]
    public async Task Upgrade_HeadArrivesInPieces_AcceptedAndServed()
    {
        using var tcp = await Tcp();
        var stream = tcp.GetStream();
        var head = Encoding.ASCII.GetBytes(UpgradeHead(gateway.OpAmpPort));
        foreach (var piece in head.Chunk(head.Length / 3 + 1))
        {
            await stream.WriteAsync(piece);
            await Task.Delay(50);
        }

        Assert.StartsWith("HTTP/1.1 101 ", await ReadHead(stream));
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        var uid = Guid.CreateVersion7();
        await socket.SendAsync((byte[])[0, .. Messages.First(uid).ToByteArray()], WebSocketMessageType.Binary, true, CancellationToken.None);
        var reply = await Receive(socket);
        Assert.Equal(InstanceUid.ToByteString(uid), reply.InstanceUid);
        await gateway.AgentWhen(uid, a => a.GetProperty("connected").GetBoolean(), "the agent is listed as connected");
    }

    [Fact]
    public async Task Upgrade_FirstFrameSentWithHead_Answered()
    {
        using var tcp = await Tcp();
        var stream = tcp.GetStream();
        var head = Encoding.ASCII.GetBytes(UpgradeHead(gateway.OpAmpPort));
        var buffered = new BufferedStream(stream, 64 * 1024);
        await buffered.WriteAsync(head);
        using var socket = WebSocket.CreateFromStream(new HeadFirst(buffered, stream), new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        var uid = Guid.CreateVersion7();

        // One write: the head and the first frame together, before the 101 is read.
        await socket.SendAsync((byte[])[0, .. Messages.First(uid).ToByteArray()], WebSocketMessageType.Binary, true, CancellationToken.None);
        await buffered.FlushAsync();

        Assert.StartsWith("HTTP/1.1 101 ", await ReadHead(stream));
        Assert.Equal(InstanceUid.ToByteString(uid), (await Receive(socket)).InstanceUid);
    }

    [Fact]
    public async Task Connection_PlainHttpPostFirst_ServedByPipeline()
    {
        var content = new ByteArrayContent(Messages.First(Guid.CreateVersion7()).ToByteArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");

        using var response = await gateway.OpAmpHttp.PostAsync("/v1/opamp", content);
        using var get = await gateway.OpAmpHttp.GetAsync("/v1/opamp");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact]
    public async Task Connection_ClosesBeforeHeadEnds_GatewayLetsGoAndServesTheNext()
    {
        using (var tcp = await Tcp())
        {
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /v1/opamp HTTP/1.1\r\nHost: x\r\n"));
            tcp.Client.Shutdown(SocketShutdown.Send);

            // A head that can no longer end: the gateway ends the connection (at most with a 400), rather
            // than keep the socket, and its slot, waiting for the rest.
            var answer = await ReadToEnd(stream);
            Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 400", StringComparison.Ordinal), answer);
        }
        // The gateway is unharmed: the next agent gets in.
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(Guid.CreateVersion7()));
        Assert.Null((await socket.Receive()).ErrorResponse);
    }

    /// <summary>Everything the gateway sends until it closes; fails if it does not close within 10 s.</summary>
    private static async Task<string> ReadToEnd(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset rather than closed: ended all the same.
        }
        return Encoding.ASCII.GetString(received.ToArray());
    }

    internal static string UpgradeHead(int port, string path = "/v1/opamp") =>
        $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {Convert.ToBase64String(Guid.NewGuid().ToByteArray())}\r\n\r\n";

    private async Task<TcpClient> Tcp()
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, gateway.OpAmpPort);
        return tcp;
    }

    /// <summary>The response head, byte by byte, so nothing after it is taken from the stream.</summary>
    internal static async Task<string> ReadHead(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (head.Count < 4 || !head[^4..].SequenceEqual("\r\n\r\n"u8.ToArray()))
        {
            Assert.Equal(1, await stream.ReadAsync(one, timeout.Token));
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. head]);
    }

    private static async Task<ServerToAgent> Receive(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
        Assert.True(result.EndOfMessage);
        Assert.Equal(0, buffer[0]);
        return ServerToAgent.Parser.ParseFrom(buffer.AsSpan(1, result.Count - 1));
    }

    /// <summary>Writes through a buffer (so a frame can join the head), reads straight from the socket.</summary>
    private sealed class HeadFirst(Stream writes, Stream reads) : Stream
    {
        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => reads.ReadAsync(buffer, cancellationToken);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => writes.WriteAsync(buffer, cancellationToken);
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask; // the test flushes when it means to
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => reads.Read(buffer, offset, count);
        public override void Write(byte[] buffer, int offset, int count) => writes.Write(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>A gateway with connection-level WebSockets off.</summary>
public sealed class PipelineWebSocketsGatewayFixture : GatewayFixture
{
    protected override IEnumerable<string> Settings => ["--Fleet:Gateway:ConnectionLevelWebSockets=false"];
}

public class PipelineWebSocketsTests(PipelineWebSocketsGatewayFixture gateway) : IClassFixture<PipelineWebSocketsGatewayFixture>
{
    [Fact]
    public async Task Upgrade_ConnectionLevelOff_ServedThroughPipeline() =>
        Assert.Equal(1, await ConnectionWebSocketsTests.RequestsHeldWhileServed(gateway, gateway.WebSocketEndpoint));
}

/// <summary>Kestrel's connection timeouts made short enough to test: idle 5 s, request head 1 s.</summary>
public sealed class ShortTimeoutsGatewayFixture : GatewayFixture
{
    protected override IEnumerable<string> Settings =>
        ["--Kestrel:Limits:KeepAliveTimeout=00:00:05", "--Kestrel:Limits:RequestHeadersTimeout=00:00:01"];
}

public class ConnectionTimeoutsTests(ShortTimeoutsGatewayFixture gateway) : IClassFixture<ShortTimeoutsGatewayFixture>
{
    [Fact]
    public async Task Upgrade_AfterIdleLongerThanHeadTimeout_Accepted()
    {
        // As Kestrel: a new connection may idle up to the keep-alive timeout before its first byte.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, gateway.OpAmpPort);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var stream = tcp.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes(ConnectionWebSocketsTests.UpgradeHead(gateway.OpAmpPort)));

        Assert.StartsWith("HTTP/1.1 101 ", await ConnectionWebSocketsTests.ReadHead(stream));
    }

    [Fact]
    public async Task Upgrade_HeadUnfinishedPastTimeout_ConnectionClosed()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, gateway.OpAmpPort);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /v1/opamp HTTP/1.1\r\nHost: x\r\n"));

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await stream.ReadAsync(new byte[64], patience.Token);

        Assert.Equal(0, read);
    }
}
