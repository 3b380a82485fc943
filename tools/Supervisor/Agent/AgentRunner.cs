using Fleet.Contracts.OpAmp;
using Fleet.Supervisor.Configuration;

namespace Fleet.Supervisor.Agent;

/// <summary>
/// Keeps the agent process running. Starts, stops and restarts it one operation at a time, waits for
/// it to come up healthy, restarts it with exponential backoff when it exits on its own (unhealthy
/// meanwhile), and keeps its ComponentHealth current from the process and the optional HTTP check.
/// </summary>
internal sealed partial class AgentRunner : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly AgentSettings _settings;
    private readonly AgentHealthProbe? _probe;
    private readonly ILogger _logger;
    private readonly ILogger _processLogger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private readonly List<Task> _background = [];
    private AgentProcess? _process;
    private bool _keepRunning;
    private TimeSpan _crashBackoff;
    private ComponentHealth _health = new() { Healthy = false, Status = "not started" };

    public AgentRunner(AgentSettings settings, HttpClient http, ILoggerFactory loggers)
    {
        _settings = settings;
        _crashBackoff = settings.RestartBackoff.Initial;
        _logger = loggers.CreateLogger<AgentRunner>();
        _processLogger = loggers.CreateLogger<AgentProcess>();
        if (settings.HealthCheckUrl is { Length: > 0 } url)
        {
            var timeout = settings.HealthCheckInterval < TimeSpan.FromSeconds(5) ? settings.HealthCheckInterval : TimeSpan.FromSeconds(5);
            _probe = new AgentHealthProbe(new Uri(url), http, timeout);
        }
    }

    /// <summary>Raised (in order) whenever the agent's health changes.</summary>
    public event Action<ComponentHealth>? HealthChanged;

    public ComponentHealth Health => Volatile.Read(ref _health);

    /// <summary>The running agent's process id, if one runs.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>The agent is meant to run (it was started and not stopped), though it may be restarting.</summary>
    public bool KeepsRunning => Volatile.Read(ref _keepRunning);

    /// <summary>Starts the periodic health check of the running agent.</summary>
    public void StartMonitoring() => Track(MonitorAsync(_disposing.Token));

    /// <summary>Starts the agent unless it runs; waits (up to agent.config_apply_timeout) for it to be healthy.</summary>
    public Task<AgentStartResult> StartAsync(CancellationToken cancellationToken) =>
        LockedAsync(() => _process is { HasExited: false } ? Task.FromResult(AgentStartResult.Ok) : StartLockedAsync(cancellationToken), cancellationToken);

    /// <summary>Stops the agent (if it runs) and starts it again; waits for it to be healthy.</summary>
    public Task<AgentStartResult> RestartAsync(CancellationToken cancellationToken) =>
        LockedAsync(() => StartLockedAsync(cancellationToken), cancellationToken);

    /// <summary>Stops the agent and keeps it stopped; <paramref name="status"/> says why.</summary>
    public Task StopAsync(string status, CancellationToken cancellationToken) =>
        LockedAsync(async () =>
        {
            _keepRunning = false;
            await StopProcessLockedAsync();
            SetHealth(false, status);
            return true;
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync();
        // Before waiting for the background tasks: one of them waits for this process to exit.
        if (_process is { } process)
        {
            await process.StopAsync(_settings.StopTimeout);
        }
        Task[] background;
        lock (_background)
        {
            background = [.. _background];
        }
        await Task.WhenAll(background).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _disposing.Dispose();
        _lock.Dispose();
    }

    private async Task<AgentStartResult> StartLockedAsync(CancellationToken cancellationToken)
    {
        await StopProcessLockedAsync();
        _keepRunning = true;
        AgentProcess process;
        try
        {
            process = AgentProcess.Start(_settings, _processLogger);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Typically a missing or non-executable file: reported, and retried like a crash.
            var delay = NextCrashDelay();
            var error = $"cannot start {_settings.Executable}: {e.Message}";
            LogStartFailed(_logger, error, delay);
            SetHealth(false, $"failed to start; retrying in {Seconds(delay)}", error);
            ScheduleRestart(delay);
            return AgentStartResult.Failed(error);
        }
        _process = process;
        SetHealth(false, "starting", process: process);
        Track(RestartWhenCrashedAsync(process));
        return await WaitHealthyAsync(process, cancellationToken);
    }

    private async Task StopProcessLockedAsync()
    {
        if (_process is { } previous)
        {
            _process = null;
            await previous.StopAsync(_settings.StopTimeout);
        }
    }

    private async Task<AgentStartResult> WaitHealthyAsync(AgentProcess process, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + _settings.ConfigApplyTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                return AgentStartResult.Failed("the agent " + (await process.Exited).Describe());
            }
            var problem = await ProblemAsync(process, cancellationToken);
            if (problem is null)
            {
                _crashBackoff = _settings.RestartBackoff.Initial;
                SetHealth(true, "running", process: process);
                return AgentStartResult.Ok;
            }
            if (DateTimeOffset.UtcNow >= deadline)
            {
                SetHealth(false, "unhealthy", problem, process);
                return AgentStartResult.Failed($"not healthy within {Seconds(_settings.ConfigApplyTimeout)}: {problem}");
            }
            await Task.WhenAny(process.Exited, Task.Delay(PollInterval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Null when the running agent is healthy: its health check answers 2xx, or (without one) it has run long enough.</summary>
    private async Task<string?> ProblemAsync(AgentProcess process, CancellationToken cancellationToken)
    {
        if (_probe is not null)
        {
            return await _probe.ProblemAsync(cancellationToken);
        }
        return process.Uptime >= _settings.StartupPeriod ? null : "still starting";
    }

    private async Task RestartWhenCrashedAsync(AgentProcess process)
    {
        var exit = await process.Exited;
        if (process.StopRequested)
        {
            return;
        }
        await LockedAsync(() =>
        {
            if (_process != process || !_keepRunning)
            {
                return Task.FromResult(false);
            }
            _process = null;
            var delay = NextCrashDelay();
            LogCrashed(_logger, process.Id, exit.ExitCode, delay);
            SetHealth(false, $"exited with code {exit.ExitCode}; restarting in {Seconds(delay)}", "the agent " + exit.Describe());
            ScheduleRestart(delay);
            return Task.FromResult(true);
        }, _disposing.Token);
    }

    private void ScheduleRestart(TimeSpan delay) => Track(RestartLaterAsync(delay, _disposing.Token));

    private async Task RestartLaterAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        // Someone may have started (config change, restart command) or stopped the agent meanwhile.
        await LockedAsync(() => _process is null && _keepRunning ? StartLockedAsync(cancellationToken) : Task.FromResult(AgentStartResult.Ok), cancellationToken);
    }

    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_settings.HealthCheckInterval, cancellationToken);
            await LockedAsync(async () =>
            {
                if (_process is { HasExited: false } process && _keepRunning)
                {
                    if (await ProblemAsync(process, cancellationToken) is { } problem)
                    {
                        SetHealth(false, "unhealthy", problem, process);
                    }
                    else
                    {
                        _crashBackoff = _settings.RestartBackoff.Initial;
                        SetHealth(true, "running", process: process);
                    }
                }
                return true;
            }, cancellationToken);
        }
    }

    private TimeSpan NextCrashDelay()
    {
        var delay = _crashBackoff;
        var doubled = TimeSpan.FromTicks(delay.Ticks * 2);
        _crashBackoff = doubled < _settings.RestartBackoff.Max ? doubled : _settings.RestartBackoff.Max;
        return delay;
    }

    private async Task<T> LockedAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return await action();
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Health changes only ever happen under the lock, so listeners see them in order.</summary>
    private void SetHealth(bool healthy, string status, string? lastError = null, AgentProcess? process = null)
    {
        var health = new ComponentHealth
        {
            Healthy = healthy,
            Status = status,
            LastError = lastError ?? "",
            StartTimeUnixNano = process is null ? 0 : UnixNanos(process.StartedAt),
            StatusTimeUnixNano = UnixNanos(DateTimeOffset.UtcNow),
        };
        if (process is not null)
        {
            health.Attributes.Add(new KeyValue { Key = "process.pid", Value = new AnyValue { IntValue = process.Id } });
        }
        var previous = _health;
        if (previous.Healthy == health.Healthy && previous.Status == health.Status && previous.LastError == health.LastError
            && previous.StartTimeUnixNano == health.StartTimeUnixNano && previous.Attributes.Equals(health.Attributes))
        {
            return;
        }
        Volatile.Write(ref _health, health);
        HealthChanged?.Invoke(health);
    }

    private void Track(Task task)
    {
        lock (_background)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task.ContinueWith(t => LogBackgroundFailed(_logger, t.Exception!.GetBaseException()),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default));
        }
    }

    private static ulong UnixNanos(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static string Seconds(TimeSpan duration) => $"{duration.TotalSeconds:0.###}s";
}
