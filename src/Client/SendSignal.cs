using System.Threading.Tasks.Sources;

namespace Fleet.Client;

/// <summary>
/// "Send now" for one client's send loop: any number of requests before the loop looks count as one,
/// and waiting for the next allocates nothing.
/// </summary>
/// <remarks>
/// A bounded channel read with a cancellation token allocated a reader operation, a token registration
/// and an async frame per wait, each held by the client's long-lived objects until the next send, tens
/// of seconds later. A process simulating 10k agents kept a few thousand of those at any moment, and its
/// young-generation collections spent ~10 ms each scanning the old objects that pointed at them.
/// Here the one waiter is a reused value-task source, and stopping is one registration for the client's life.
/// </remarks>
internal sealed class SendSignal : IValueTaskSource
{
    private readonly Lock _lock = new();
    private ManualResetValueTaskSourceCore<bool> _waiter = new() { RunContinuationsAsynchronously = true };
    private bool _requested;
    private bool _waiting;
    private bool _closed;

    /// <summary>Asks for a send; returns at once. Kept until the loop next waits when it is not waiting now.</summary>
    public void Request()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }
            if (!_waiting)
            {
                _requested = true;
                return;
            }
            _waiting = false;
        }
        _waiter.SetResult(true);
    }

    /// <summary>Wakes the waiter (now or next time) with <see cref="OperationCanceledException"/>; requests no longer count.</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            if (!_waiting)
            {
                return;
            }
            _waiting = false;
        }
        _waiter.SetException(new OperationCanceledException("the client is stopping"));
    }

    /// <summary>Completes when a send is requested (at once if one already was); one waiter at a time.</summary>
    public ValueTask WaitAsync()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return ValueTask.FromCanceled(new CancellationToken(canceled: true));
            }
            if (_requested)
            {
                _requested = false;
                return ValueTask.CompletedTask;
            }
            if (_waiting)
            {
                throw new InvalidOperationException("the send loop is already waiting");
            }
            _waiter.Reset();
            _waiting = true;
            return new ValueTask(this, _waiter.Version);
        }
    }

    void IValueTaskSource.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);
}
