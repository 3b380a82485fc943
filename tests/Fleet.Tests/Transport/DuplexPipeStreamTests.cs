using System.IO.Pipelines;
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

    private DuplexPipeStream Stream() => new(new DuplexPipe(_input.Reader, _output.Writer));

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
