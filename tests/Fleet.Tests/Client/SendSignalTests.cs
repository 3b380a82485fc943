using Fleet.Client;

namespace Fleet.Tests.Client;

public class SendSignalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly SendSignal _signal = new();

    [Fact]
    public async Task WaitAsync_RequestedBefore_CompletesAtOnce()
    {
        _signal.Request();

        var wait = _signal.WaitAsync();

        Assert.True(wait.IsCompletedSuccessfully);
        await wait;
    }

    [Fact]
    public async Task WaitAsync_SeveralRequestsBefore_CountAsOne()
    {
        _signal.Request();
        _signal.Request();
        _signal.Request();

        await _signal.WaitAsync();
        var second = _signal.WaitAsync();

        Assert.False(second.IsCompleted);
        _signal.Close();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await second);
    }

    [Fact]
    public async Task WaitAsync_RequestWhileWaiting_Completes()
    {
        var wait = _signal.WaitAsync().AsTask();
        Assert.False(wait.IsCompleted);

        _signal.Request();

        await wait.WaitAsync(Patience);
    }

    [Fact]
    public async Task WaitAsync_ManyRoundsFromAnotherThread_EveryRequestWakesTheWaiter()
    {
        // The one waiter is reused round after round: each round must wake exactly once.
        for (var round = 0; round < 1000; round++)
        {
            var wait = _signal.WaitAsync();
            var request = Task.Run(_signal.Request);
            await wait.AsTask().WaitAsync(Patience);
            await request;
        }
        Assert.False(_signal.WaitAsync().IsCompleted);
    }

    [Fact]
    public async Task Close_WhileWaiting_WaiterCancelled()
    {
        var wait = _signal.WaitAsync().AsTask();

        _signal.Close();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Patience));
    }

    [Fact]
    public async Task WaitAsync_AfterClose_CancelledEvenWithARequestPending()
    {
        _signal.Request();
        _signal.Close();
        _signal.Request();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _signal.WaitAsync());
    }

    [Fact]
    public void WaitAsync_SecondWaiter_Refused()
    {
        _ = _signal.WaitAsync();

        Assert.Throws<InvalidOperationException>(() => _signal.WaitAsync());
    }
}
