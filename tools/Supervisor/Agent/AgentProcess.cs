using System.Diagnostics;
using Fleet.Supervisor.Configuration;

namespace Fleet.Supervisor.Agent;

/// <summary>
/// One run of the agent executable. Its stdout passes through; stderr is logged and the last lines
/// kept, so a failed start can say why. Stopping sends SIGTERM, then SIGKILL after the stop timeout.
/// </summary>
internal sealed partial class AgentProcess
{
    private const int ErrorLinesKept = 5;
    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly Queue<string> _errorTail = new();
    private readonly TaskCompletionSource<AgentExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AgentProcess(Process process, ILogger logger)
    {
        _process = process;
        _logger = logger;
    }

    public int Id { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Completes when the process has ended, however it ended.</summary>
    public Task<AgentExit> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>The supervisor ended this process on purpose (not a crash).</summary>
    public bool StopRequested { get; private set; }

    public TimeSpan Uptime => DateTimeOffset.UtcNow - StartedAt;

    public static AgentProcess Start(AgentSettings settings, ILogger logger)
    {
        var info = new ProcessStartInfo(settings.Executable)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        };
        foreach (var argument in settings.Args)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in settings.Env)
        {
            info.Environment[name] = value;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var agent = new AgentProcess(process, logger);
        process.ErrorDataReceived += (_, e) => agent.OnErrorLine(e.Data);
        process.Exited += (_, _) => _ = agent.OnExitedAsync();
        process.Start();
        agent.Id = process.Id;
        agent.StartedAt = DateTimeOffset.UtcNow;
        process.BeginErrorReadLine();
        LogStarted(logger, settings.Executable, process.Id);
        return agent;
    }

    public async Task StopAsync(TimeSpan timeout)
    {
        StopRequested = true;
        if (HasExited)
        {
            return;
        }
        LogStopping(_logger, Id);
        if (!UnixSignals.Terminate(Id))
        {
            Kill();
        }
        await ((Task)Exited.WaitAsync(timeout)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!HasExited)
        {
            LogKilling(_logger, Id, timeout);
            Kill();
        }
        await Exited;
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited (and disposed) meanwhile.
        }
    }

    private void OnErrorLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }
        LogAgentError(_logger, Id, line);
        lock (_errorTail)
        {
            _errorTail.Enqueue(line.Trim());
            while (_errorTail.Count > ErrorLinesKept)
            {
                _errorTail.Dequeue();
            }
        }
    }

    private async Task OnExitedAsync()
    {
        // The exit can be seen before the last stderr lines are read: give them a moment to arrive.
        using var drained = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await _process.WaitForExitAsync(drained.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        string errors;
        lock (_errorTail)
        {
            errors = string.Join(" | ", _errorTail);
        }
        var exit = new AgentExit(_process.ExitCode, errors);
        LogExited(_logger, _process.Id, exit.ExitCode);
        _process.Dispose();
        _exited.TrySetResult(exit);
    }
}
