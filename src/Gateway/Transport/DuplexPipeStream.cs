using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Fleet.Gateway.Transport;

/// <summary>
/// A connection's pipes as the stream a <see cref="System.Net.WebSockets.WebSocket"/> runs on. Disposing
/// (what a WebSocket's abort does) ends a pending read; the connection itself stays Kestrel's to close,
/// so whatever was written is still flushed.
/// </summary>
public sealed class DuplexPipeStream(IDuplexPipe pipe) : Stream
{
    private readonly Stream _output = pipe.Output.AsStream(leaveOpen: true);
    private int _disposed;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <remarks>
    /// Read from the pipe here rather than through <c>PipeReader.AsStream()</c>: its read allocates a state
    /// machine per pending read, and a WebSocket waiting for an agent's next message waits a whole
    /// heartbeat interval, long enough for that object to be promoted and then die in the oldest
    /// generation. Over half of what a gateway's gen 2 gained while holding 10k agents was those
    /// (docs/benchmarks.md). Here a read that finds data allocates nothing and a waiting one reuses pooled state.
    /// </remarks>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var input = pipe.Input;
        return input.TryRead(out var ready) ? new ValueTask<int>(Take(input, ready, buffer.Span)) : ReadPending(input, buffer, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> ReadPending(PipeReader input, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
        return Take(input, result, buffer.Span);
    }

    /// <summary>
    /// Copies what fits and consumes exactly that. A zero-byte read (the WebSocket waiting for a message
    /// without a buffer) returns 0 once data is there and consumes nothing; 0 with no data means the end.
    /// </summary>
    private static int Take(PipeReader input, ReadResult result, Span<byte> buffer)
    {
        if (result.IsCanceled)
        {
            // CancelPendingRead: this stream was disposed (the WebSocket aborted) while the read waited.
            input.AdvanceTo(result.Buffer.Start);
            throw new OperationCanceledException("The read was canceled: the connection's stream was disposed.");
        }
        var data = result.Buffer;
        var taken = (int)Math.Min(data.Length, buffer.Length);
        var slice = data.Slice(0, taken);
        slice.CopyTo(buffer);
        input.AdvanceTo(slice.End);
        if (taken == 0 && data.IsEmpty && !result.IsCompleted)
        {
            // A pipe returns no data only when completed or canceled.
            throw new InvalidOperationException("The connection's pipe returned an empty read that was neither completed nor canceled.");
        }
        return taken;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _output.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => _output.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous only");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous only");
    public override void Flush() => throw new NotSupportedException("asynchronous only");
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            pipe.Input.CancelPendingRead();
            pipe.Output.CancelPendingFlush();
        }
        base.Dispose(disposing);
    }
}
