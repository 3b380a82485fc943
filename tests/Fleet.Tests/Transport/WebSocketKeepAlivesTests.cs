using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using Fleet.Gateway.Hosting;
using Fleet.Gateway.Transport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Tests.Transport;

public class WebSocketKeepAlivesTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Sweep_EachTick_VisitsOneGroupSoEverySocketGetsOnePongPerInterval()
    {
        using var keepAlives = KeepAlives(WebSocketKeepAliveMode.Pong);
        var sockets = Enumerable.Range(0, 3 * WebSocketKeepAlives.Slots).Select(_ => new Socket()).ToList();
        var registrations = sockets.Select(s => keepAlives.Track(s.WebSocket, s.Stream)).ToList();
        var later = Environment.TickCount64 + (long)Interval.TotalMilliseconds * 2;

        var perTick = Enumerable.Range(0, WebSocketKeepAlives.Slots).Select(_ => keepAlives.Sweep(later)).ToList();

        Assert.All(perTick, sent => Assert.Equal(3, sent));
        Assert.All(sockets, s => Assert.Equal(1, s.Pongs()));
    }

    [Fact]
    public void Sweep_SocketWrittenToWithinTheInterval_GetsNoPong()
    {
        using var keepAlives = KeepAlives(WebSocketKeepAliveMode.Pong);
        var socket = new Socket();
        using var registration = keepAlives.Track(socket.WebSocket, socket.Stream);

        // The stream was just created (as good as written to): a sweep now finds it alive.
        var sent = Enumerable.Range(0, WebSocketKeepAlives.Slots).Sum(_ => keepAlives.Sweep(Environment.TickCount64));

        Assert.Equal(0, sent);
        Assert.Equal(0, socket.Pongs());
    }

    [Fact]
    public void Track_DisposedOrClosedSocket_GetsNoMorePongs()
    {
        using var keepAlives = KeepAlives(WebSocketKeepAliveMode.Pong);
        var gone = new Socket();
        var closed = new Socket();
        keepAlives.Track(gone.WebSocket, gone.Stream)!.Dispose();
        using var registration = keepAlives.Track(closed.WebSocket, closed.Stream);
        closed.WebSocket.Abort();
        var later = Environment.TickCount64 + (long)Interval.TotalMilliseconds * 2;

        var sent = Enumerable.Range(0, WebSocketKeepAlives.Slots).Sum(_ => keepAlives.Sweep(later));

        Assert.Equal(0, sent);
        Assert.Equal(1, keepAlives.Count);
    }

    [Fact]
    public void Track_PingMode_LeavesKeepAliveToTheWebSocket()
    {
        using var keepAlives = KeepAlives(WebSocketKeepAliveMode.Ping);
        var socket = new Socket();

        Assert.False(keepAlives.Enabled);
        Assert.Null(keepAlives.Track(socket.WebSocket, socket.Stream));
        Assert.Equal(0, keepAlives.Count);
    }

    private WebSocketKeepAlives KeepAlives(WebSocketKeepAliveMode mode) =>
        new(Options.Create(new GatewayOptions { WebSocketKeepAlive = Interval, WebSocketKeepAliveMode = mode }), _clock);

    /// <summary>A server WebSocket on a <see cref="DuplexPipeStream"/>, its output readable here.</summary>
    private sealed class Socket
    {
        private readonly Pipe _input = new();
        private readonly Pipe _output = new();

        public Socket()
        {
            Stream = new DuplexPipeStream(new DuplexPipe(_input.Reader, _output.Writer));
            WebSocket = WebSocket.CreateFromStream(Stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        }

        public DuplexPipeStream Stream { get; }
        public WebSocket WebSocket { get; }

        public int Pongs()
        {
            if (!_output.Reader.TryRead(out var read))
            {
                return 0;
            }
            var bytes = read.Buffer.ToArray();
            _output.Reader.AdvanceTo(read.Buffer.End);
            Assert.Equal(0, bytes.Length % 2);
            Assert.All(bytes.Chunk(2), frame => Assert.Equal([0x8A, 0x00], frame));
            return bytes.Length / 2;
        }
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
