using System.Diagnostics;
using Fleet.LoadTest.Coordination;
using Fleet.LoadTest.Options;

namespace Fleet.LoadTest.Agents;

/// <summary>
/// Runs one process's share of the agents: starts them at the ramp rate, changes their health at the
/// asked rate, and answers the coordinator (progress, config receipts, final result).
/// </summary>
public sealed class AgentHost
{
    private readonly LoadTestOptions _options;
    private readonly ulong _runId;
    private readonly int _firstIndex;
    private readonly SimulatedAgent?[] _agents;
    private readonly Task[] _runs;
    private readonly AgentSettings _settings;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _sinceStart = new();
    private Task _driver = Task.CompletedTask;
    private int _started;
    private long _lastSent;
    private long _lastReceived;
    private long _lastProgressTicks;
    private double _sentPerSecond;
    private double _receivedPerSecond;

    // A progress tick that comes late (a starved process) is followed at once by the next one: a rate
    // over those few milliseconds read as bursts of 10–50k messages a second in the 100k runs.
    private static readonly TimeSpan MinRateWindow = TimeSpan.FromMilliseconds(500);

    public AgentHost(LoadTestOptions options, ulong runId, int firstIndex, int count)
    {
        _options = options;
        _runId = runId;
        _firstIndex = firstIndex;
        _agents = new SimulatedAgent?[count];
        _runs = new Task[count];
        Array.Fill(_runs, Task.CompletedTask);
        Metrics = new AgentMetrics(count);
        var yaml = AgentProfile.ConfigYaml(options.ConfigBytes, "initial effective config");
        _settings = new AgentSettings(options, AgentProfile.ConfigMap(yaml));
    }

    public AgentMetrics Metrics { get; }

    public int Count => _agents.Length;

    public void Start()
    {
        var now = Stopwatch.GetTimestamp();
        Metrics.Started(now);
        _lastProgressTicks = now;
        _sinceStart.Start();
        _driver = Task.Run(() => DriveAsync(_stop.Token));
    }

    /// <summary>Cumulative counters and the latencies since the previous call.</summary>
    public ProgressReport TakeProgress()
    {
        var now = Stopwatch.GetTimestamp();
        var sent = Metrics.Sent;
        var received = Metrics.Received;
        var window = Stopwatch.GetElapsedTime(_lastProgressTicks, now);
        if (window >= MinRateWindow)
        {
            _sentPerSecond = (sent - _lastSent) / window.TotalSeconds;
            _receivedPerSecond = (received - _lastReceived) / window.TotalSeconds;
            _lastProgressTicks = now;
            _lastSent = sent;
            _lastReceived = received;
        }
        return new ProgressReport(
            _sinceStart.Elapsed.TotalMilliseconds,
            Count,
            Volatile.Read(ref _started),
            Metrics.Online,
            Metrics.FirstReplies,
            sent,
            received,
            _sentPerSecond,
            _receivedPerSecond,
            Metrics.Errors.Total,
            Metrics.Reconnects,
            Metrics.ConfigsReceived,
            Metrics.Interval.TakeAndReset());
    }

    /// <summary>Which agents received the config with this hash, and when (Stopwatch ticks, comparable across processes on one machine).</summary>
    public ConfigReceipts Receipts(string hashHex)
    {
        var hash = Convert.FromHexString(hashHex);
        var indices = new List<int>();
        var ticks = new List<long>();
        foreach (var agent in _agents)
        {
            if (agent is not null && agent.TryGetConfigReceipt(hash, out var at))
            {
                indices.Add(agent.Index);
                ticks.Add(at);
            }
        }
        return new ConfigReceipts([.. indices], [.. ticks]);
    }

    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(20);

    /// <summary>Stops the agents (each says goodbye), and returns everything measured.</summary>
    public async Task<HostResult> StopAsync()
    {
        // Counted before the goodbyes: those are the shutdown, not the test.
        var onlineAtStop = Metrics.Online;
        var sent = Metrics.Sent;
        var received = Metrics.Received;
        foreach (var agent in _agents)
        {
            agent?.MarkStopping();
        }
        await _stop.CancelAsync();
        // Each wait is bounded: against a server that has broken down, connects and closes can hang
        // far longer than the coordinator waits for this report (a 100k run lost its whole report so).
        await _driver.WaitAsync(StopPatience).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(_runs).WaitAsync(StopPatience).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        using (var goodbye = new CancellationTokenSource(StopPatience))
        {
            var disconnects = _agents.Where(a => a is not null).Select(a => a!.DisconnectAsync(goodbye.Token));
            await Task.WhenAll(disconnects).WaitAsync(StopPatience).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return new HostResult(
            Count,
            Metrics.FirstReplies,
            onlineAtStop,
            Metrics.AllConnected.IsCompletedSuccessfully ? Metrics.AllConnected.Result : null,
            sent,
            received,
            Metrics.Reconnects,
            Metrics.ConfigsReceived,
            Metrics.Errors.Snapshot(),
            Metrics.FirstReply.Snapshot(),
            Metrics.ConnectedAt.Snapshot(),
            Metrics.StartDelay.Snapshot(),
            Metrics.Reconnect.Snapshot(),
            Metrics.Heartbeat.Snapshot(),
            Metrics.StatusChange.Snapshot());
    }

    private async Task DriveAsync(CancellationToken stop)
    {
        var statusChanges = Task.Run(() => ChangeStatusesAsync(stop), CancellationToken.None);
        var ramp = _options.RampPerSecond;
        var clock = Stopwatch.StartNew();
        var started = 0;
        while (started < Count && !stop.IsCancellationRequested)
        {
            // Each process starts its share of the ramp: together they start --ramp agents per second.
            var share = ramp * Count / _options.Agents;
            var due = ramp <= 0 ? Count : Math.Min(Count, (int)(clock.Elapsed.TotalSeconds * share) + 1);
            for (; started < due; started++)
            {
                var index = _firstIndex + started;
                var agent = new SimulatedAgent(index, AgentIdentity.For(_runId, index), _settings, Metrics);
                _agents[started] = agent;
                // On the pool, so a start storm spreads over all cores instead of queueing behind this loop.
                _runs[started] = Task.Run(() => agent.RunAsync(stop), CancellationToken.None);
                Volatile.Write(ref _started, started + 1);
            }
            if (started < Count)
            {
                await Task.Delay(10, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        await statusChanges.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ChangeStatusesAsync(CancellationToken stop)
    {
        var perSecond = _options.StatusChangesPerSecond * Count / _options.Agents;
        if (perSecond <= 0)
        {
            return;
        }
        var tick = TimeSpan.FromMilliseconds(100);
        var owed = 0.0;
        using var timer = new PeriodicTimer(tick);
        while (await NextTick(timer, stop))
        {
            owed += perSecond * tick.TotalSeconds;
            var started = Volatile.Read(ref _started);
            // A few tries per change: the agent picked may be offline.
            for (var tries = 0; owed >= 1 && started > 0 && tries < 4 * (int)Math.Ceiling(owed); tries++)
            {
                if (_agents[Random.Shared.Next(started)] is { } agent && agent.ChangeHealth())
                {
                    owed--;
                }
            }
            owed = Math.Min(owed, perSecond); // never catch up more than a second's worth
        }
    }

    private static async Task<bool> NextTick(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
