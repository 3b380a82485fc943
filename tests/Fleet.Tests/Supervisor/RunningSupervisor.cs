using Fleet.Supervisor;
using Fleet.Supervisor.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Tests.Supervisor;

/// <summary>An <see cref="AgentSupervisor"/> running in the test process until stopped or disposed.</summary>
public sealed class RunningSupervisor : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private RunningSupervisor(AgentSupervisor supervisor)
    {
        Supervisor = supervisor;
        _run = Task.Run(() => supervisor.RunAsync(_stop.Token));
    }

    public AgentSupervisor Supervisor { get; }

    public Guid InstanceUid => Supervisor.InstanceUid;

    public static RunningSupervisor Start(SupervisorSettings settings) => new(new AgentSupervisor(settings, NullLoggerFactory.Instance));

    /// <summary>What SIGTERM does to the real process: stop the agent, say goodbye.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }
        await Supervisor.DisposeAsync();
        _stop.Dispose();
    }
}
