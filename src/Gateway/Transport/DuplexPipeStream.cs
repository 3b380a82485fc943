using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Fleet.Gateway.Transport;

/// <summary>
/// A connection's pipes as the stream a <see cref="System.Net.WebSockets.WebSocket"/> runs on. Disposing
/// (what a WebSocket's abort does) ends a pending read; the connection itself stays Kestrel's to close,
/// so whatever was written is still flushed. Besides the WebSocket's own frames it writes keep-alive
/// pongs for <see cref="WebSocketKeepAlives"/>, never in the middle of one of them.
/// </summary>
public sealed class DuplexPipeStream(IDuplexPipe pipe) : Stream
{
    // An unsolicited pong (RFC 6455 §5.5.3): FIN + opcode 0xA, no payload; a server's frames are unmasked.
    private static readonly byte[] Pong = [0x8A, 0x00];

    private int _disposed;

    // 1 while a frame (the WebSocket's, which writes each frame whole in one call, or a keep-alive pong)
    // is being written and flushed: the two writers take turns, frames never interleave.
    private int _writing;
    // When the WebSocket last wrote a frame; the keep-alive's own pongs do not count, so a quiet socket
    // gets one on every sweep visit even when a late timer tick brings two visits closer than the interval.
    private long _lastWriteMs = Environment.TickCount64;
    private Task? _pongFlush;

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
        Volatile.Write(ref _lastWriteMs, Environment.TickCount64);
        return Interlocked.CompareExchange(ref _writing, 1, 0) == 0
            ? WriteOwned(buffer, cancellationToken)
            : WriteAfterPong(buffer, cancellationToken);
    }

    /// <summary>Writes and flushes (a pipe writer's write does both) while holding the turn; gives it back after.</summary>
    private ValueTask WriteOwned(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        ValueTask<FlushResult> write;
        try
        {
            write = pipe.Output.WriteAsync(buffer, cancellationToken);
        }
        catch
        {
            Volatile.Write(ref _writing, 0);
            throw;
        }
        if (!write.IsCompletedSuccessfully)
        {
            return AwaitWrite(write);
        }
        Volatile.Write(ref _writing, 0);
        ThrowIfCanceled(write.Result);
        return default;
    }

    private async ValueTask AwaitWrite(ValueTask<FlushResult> write)
    {
        FlushResult result;
        try
        {
            result = await write.ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
        ThrowIfCanceled(result);
    }

    /// <summary>A pong holds the turn (its flush waits for the peer to read): the frame goes after it.</summary>
    private async ValueTask WriteAfterPong(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        while (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
        {
            if (Volatile.Read(ref _pongFlush) is { IsCompleted: false } flush)
            {
                await flush.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                cancellationToken.ThrowIfCancellationRequested();
            }
            else
            {
                await Task.Yield();
            }
        }
        await WriteOwned(buffer, cancellationToken).ConfigureAwait(false);
    }

    // As PipeWriter.AsStream() reports a flush canceled by CancelPendingFlush (this stream disposed).
    private static void ThrowIfCanceled(FlushResult result)
    {
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("The write was canceled: the connection's stream was disposed.");
        }
    }

    /// <summary>
    /// Writes an unsolicited pong unless something was written since <paramref name="quietSinceMs"/>
    /// (<see cref="Environment.TickCount64"/>: that traffic kept the connection alive) or a frame is being
    /// written right now. True when a pong went out.
    /// </summary>
    public bool TrySendKeepAlive(long quietSinceMs)
    {
        if (Volatile.Read(ref _disposed) != 0 || Volatile.Read(ref _lastWriteMs) > quietSinceMs
            || Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
        {
            return false;
        }
        var handedOver = false;
        try
        {
            var output = pipe.Output;
            output.Write(Pong);
            var flush = output.FlushAsync();
            if (!flush.IsCompleted)
            {
                // The peer is not reading: the next frame waits for this flush (WriteAfterPong).
                handedOver = true;
                Volatile.Write(ref _pongFlush, ReleaseAfter(flush));
                return true;
            }
            flush.GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or ObjectDisposedException)
        {
            // The connection is ending (the pipe completed under us): nothing to keep alive.
            return false;
        }
        finally
        {
            if (!handedOver)
            {
                Volatile.Write(ref _writing, 0);
            }
        }
    }

    private async Task ReleaseAfter(ValueTask<FlushResult> flush)
    {
        try
        {
            await flush.ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or ObjectDisposedException)
        {
            // As above.
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Every write already flushed (a pipe writer's write does), and a flush of its own could overlap a pong's.
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
