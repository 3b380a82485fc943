using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using Fleet.Gateway.Transport;

namespace Fleet.Tests.Transport;

public class DuplexPipeStreamTests
{
    private readonly Pipe _input = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Pipe _output = new(new PipeOptions(useSynchronizationContext: false));

    [Fact]
    public async Task ReadAsync_MoreDataThanBuffer_CopiesWhatFitsAndKeepsTheRest()
    {
        using var stream = Stream();
        await _input.Writer.WriteAsync("abcdef"u8.ToArray());
        var buffer = new byte[4];

        var first = System.Text.Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer));
        var second = System.Text.Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer));

        Assert.Equal("abcd", first);
        Assert.Equal("ef", second);
    }

    [Fact]
    public async Task ReadAsync_ZeroByteBufferBeforeData_WaitsThenConsumesNothing()
    {
        using var stream = Stream();

        var waiting = stream.ReadAsync(Memory<byte>.Empty);
        Assert.False(waiting.IsCompleted, "a zero-byte read waits for data");
        await _input.Writer.WriteAsync("xyz"u8.ToArray());
        Assert.Equal(0, await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        var buffer = new byte[8];
        var read = await stream.ReadAsync(buffer);
        Assert.Equal("xyz", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task ReadAsync_PendingReadsOneAfterAnother_EachGetsItsData()
    {
        using var stream = Stream();
        var buffer = new byte[16];
        for (var i = 0; i < 100; i++)
        {
            // Each read waits first (the pooled path), as a WebSocket's read between heartbeats does.
            var pending = stream.ReadAsync(buffer);
            Assert.False(pending.IsCompleted);
            await _input.Writer.WriteAsync(BitConverter.GetBytes(i));

            Assert.Equal(4, await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(i, BitConverter.ToInt32(buffer, 0));
        }
    }

    [Fact]
    public async Task ReadAsync_WriterCompleted_EndOfStream()
    {
        using var stream = Stream();
        await _input.Writer.WriteAsync("z"u8.ToArray());
        await _input.Writer.CompleteAsync();
        var buffer = new byte[8];

        Assert.Equal(1, await stream.ReadAsync(buffer));
        Assert.Equal(0, await stream.ReadAsync(buffer));
    }

    [Fact]
    public async Task Dispose_WhileReadWaits_ReadEndsCanceled()
    {
        var stream = Stream();
        var waiting = stream.ReadAsync(new byte[8]);

        stream.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.ReadAsync(new byte[8]).AsTask());
    }

    [Fact]
    public async Task TrySendKeepAlive_QuietStream_WritesOneUnsolicitedPong()
    {
        using var stream = Stream();

        Assert.True(stream.TrySendKeepAlive(quietSinceMs: long.MaxValue));

        Assert.Equal([0x8A, 0x00], await ReadOutput(2));
    }

    [Fact]
    public async Task TrySendKeepAlive_WrittenSinceQuietPoint_SendsNothing()
    {
        using var stream = Stream();
        var before = Environment.TickCount64 - 1;
        await stream.WriteAsync("frame"u8.ToArray());

        Assert.False(stream.TrySendKeepAlive(quietSinceMs: before));

        Assert.Equal("frame"u8.ToArray(), await ReadOutput(5));
        Assert.False(_output.Reader.TryRead(out _), "nothing after the frame");
    }

    [Fact]
    public async Task TrySendKeepAlive_WhileAFrameIsBeingWritten_SkipsThePong()
    {
        var output = new Pipe(new PipeOptions(pauseWriterThreshold: 4, resumeWriterThreshold: 1, useSynchronizationContext: false));
        using var stream = new DuplexPipeStream(new DuplexPipe(_input.Reader, output.Writer));
        var writing = stream.WriteAsync("a frame the peer has not read"u8.ToArray());
        Assert.False(writing.IsCompleted, "the flush waits for the reader");

        Assert.False(stream.TrySendKeepAlive(quietSinceMs: long.MaxValue));

        var read = await output.Reader.ReadAsync();
        Assert.Equal("a frame the peer has not read", System.Text.Encoding.ASCII.GetString(read.Buffer.ToArray()));
        output.Reader.AdvanceTo(read.Buffer.End);
        await writing.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WriteAsync_WhileAPongWaitsForTheReader_GoesAfterIt()
    {
        var output = new Pipe(new PipeOptions(pauseWriterThreshold: 1, resumeWriterThreshold: 1, useSynchronizationContext: false));
        using var stream = new DuplexPipeStream(new DuplexPipe(_input.Reader, output.Writer));
        Assert.True(stream.TrySendKeepAlive(quietSinceMs: long.MaxValue));

        var writing = stream.WriteAsync("next"u8.ToArray());
        await Task.Delay(50);
        Assert.False(writing.IsCompleted, "the frame waits for the pong's flush");

        var bytes = new List<byte>();
        while (bytes.Count < 6)
        {
            var read = await output.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            bytes.AddRange(read.Buffer.ToArray());
            output.Reader.AdvanceTo(read.Buffer.End);
        }
        await writing.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([0x8A, 0x00, .. "next"u8.ToArray()], bytes);
    }

    [Fact]
    public async Task TrySendKeepAlive_AgainstAWebSocketSendingMessages_EveryMessageArrivesWhole()
    {
        // The server's WebSocket on this stream, a client WebSocket on the other ends of the same pipes.
        using var stream = Stream();
        using var server = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        using var client = WebSocket.CreateFromStream(
            new DuplexPipeStream(new DuplexPipe(_output.Reader, _input.Writer)),
            new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        var sizes = Enumerable.Range(0, 300).Select(i => i % 3 == 0 ? 70_000 + i : 1 + i * 7).ToList();
        using var stop = new CancellationTokenSource();
        var pongs = 0;
        var pinger = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (stream.TrySendKeepAlive(quietSinceMs: long.MaxValue))
                {
                    pongs++;
                }
                Thread.SpinWait(200);
            }
        });

        var sending = Task.Run(async () =>
        {
            foreach (var (size, index) in sizes.Select((size, index) => (size, index)))
            {
                await server.SendAsync(Message(size, index), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
            }
        });
        var buffer = new byte[128 * 1024];
        for (var index = 0; index < sizes.Count; index++)
        {
            var received = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await client.ReceiveAsync(buffer.AsMemory(received), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
                received += result.Count;
            }
            while (!result.EndOfMessage);
            Assert.Equal(Message(sizes[index], index), buffer[..received]);
        }
        await sending;
        await stop.CancelAsync();
        await pinger;
        Assert.True(pongs > 0, "pongs were sent between the messages");
    }

    private static byte[] Message(int size, int index) => Enumerable.Range(0, size).Select(i => (byte)(i * 31 + index)).ToArray();

    private async Task<byte[]> ReadOutput(int count)
    {
        var read = await _output.Reader.ReadAtLeastAsync(count).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var bytes = read.Buffer.Slice(0, count).ToArray();
        _output.Reader.AdvanceTo(read.Buffer.GetPosition(count));
        return bytes;
    }

    private DuplexPipeStream Stream() => new(new DuplexPipe(_input.Reader, _output.Writer));

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
