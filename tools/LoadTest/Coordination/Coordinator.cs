using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fleet.LoadTest.Agents;
using Fleet.LoadTest.Metrics;
using Fleet.LoadTest.Options;
using Fleet.LoadTest.Probes;
using Fleet.LoadTest.Push;
using Fleet.LoadTest.Reporting;

namespace Fleet.LoadTest.Coordination;

/// <summary>
/// Runs a test from the top: starts the fleets (here or in workers), waits for all to connect, holds,
/// optionally pushes a config, stops, and reports. Progress goes to stderr, the report to stdout.
/// </summary>
public sealed class Coordinator(LoadTestOptions options, IReadOnlyList<string> args)
{
    private readonly Stopwatch _clock = new();
    private readonly ServerProcesses _server = new(options.ServerPids, options.ServerPidFiles);
    private readonly Dictionary<int, ProgressReport> _latest = [];
    private readonly ErrorCounts _runErrors = new();
    private volatile string _phase = "starting";
    private ProcessSample? _lastServerSample;
    private long _lastServerSampleTicks;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var runId = options.RunId ?? AgentIdentity.NewRunId();
        var fleets = CreateFleets(runId);
        try
        {
            return await RunAsync(fleets, runId, cancellationToken);
        }
        finally
        {
            foreach (var fleet in fleets)
            {
                await fleet.DisposeAsync();
            }
        }
    }

    private async Task<int> RunAsync(IReadOnlyList<IAgentFleet> fleets, ulong runId, CancellationToken cancellationToken)
    {
        await Task.WhenAll(fleets.Select(f => f.Ready)).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        var serverBefore = SampleServer(countFiles: true);
        var generatorPids = GeneratorPids(fleets);

        _clock.Start();
        foreach (var fleet in fleets)
        {
            fleet.Start();
        }
        _phase = "connect";
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = ShowProgressAsync(fleets, progressStop.Token);

        double? timeToAll = null;
        try
        {
            // Each fleet timed its own last first reply from its start (a worker starts when told, a few ms after this clock).
            var perFleet = await Task.WhenAll(fleets.Select(f => f.AllConnected)).WaitAsync(options.ConnectTimeout, cancellationToken);
            timeToAll = perFleet.Max();
        }
        catch (TimeoutException)
        {
            await Console.Error.WriteLineAsync($"not every agent connected within {options.ConnectTimeout.TotalSeconds:0} s; going on");
        }
        catch (WorkerExitedException e)
        {
            await Console.Error.WriteLineAsync($"{e.Message}; going on with the others");
        }
        catch (OperationCanceledException)
        {
            // Interrupted: report what there is.
        }
        var serverConnected = SampleServer(countFiles: true);

        if (options.Settle > TimeSpan.Zero && !cancellationToken.IsCancellationRequested)
        {
            _phase = "settle";
            await Task.Delay(options.Settle, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        var serverSettled = SampleServer(countFiles: false);

        var holdStart = _clock.Elapsed;
        if (options.Duration > TimeSpan.Zero && !cancellationToken.IsCancellationRequested)
        {
            _phase = "hold";
            foreach (var fleet in fleets)
            {
                fleet.SetHolding(true);
            }
            await Task.Delay(options.Duration, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (var fleet in fleets)
            {
                fleet.SetHolding(false);
            }
        }
        var held = _clock.Elapsed - holdStart;
        var serverHeld = SampleServer(countFiles: true);

        ConfigPushReport? push = null;
        // A push needs every worker's receipts: with one gone it could only fail.
        var workerLost = fleets.Any(f => f.Lost);
        if (workerLost && (options.PushConfig || options.PushProfile is not null))
        {
            await Console.Error.WriteLineAsync("a worker is gone: no config push this run");
        }
        if (options.PushConfig && !cancellationToken.IsCancellationRequested && !workerLost)
        {
            _phase = "push";
            push = await Pushing("push-config", () => new ConfigPusher(options, runId).RunAsync(fleets, cancellationToken), cancellationToken);
        }
        ProfilePushReport? profilePush = null;
        if (options.PushProfile is { } profile && !cancellationToken.IsCancellationRequested && !workerLost)
        {
            _phase = "push";
            profilePush = await Pushing("push-profile", () => new ProfilePusher(options, runId).RunAsync(profile, fleets, cancellationToken), cancellationToken);
        }

        _phase = "stopping";
        var generator = ProcessProbe.Sample(generatorPids);
        await progressStop.CancelAsync();
        await progress.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        using var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var results = (await Task.WhenAll(fleets.Select(f => StopOrMissing(f, stopping.Token)))).OfType<HostResult>().ToArray();
        var serverEnd = SampleServer(countFiles: false);

        var report = BuildReport(runId, results, timeToAll, push, profilePush, serverBefore, serverConnected, serverSettled, serverHeld, serverEnd, generator, held);
        if (options.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(report, WireJson.Indented));
        }
        else
        {
            ReportPrinter.Print(report, Console.Out);
        }
        return 0;
    }

    private List<IAgentFleet> CreateFleets(ulong runId)
    {
        if (options.Workers <= 1)
        {
            return [new LocalFleet(new AgentHost(options, runId, 0, options.Agents))];
        }
        var fleets = new List<IAgentFleet>();
        for (var i = 0; i < options.Workers; i++)
        {
            var worker = new WorkerAssignment(i, options.Workers);
            fleets.Add(new WorkerFleet(args, worker, runId, worker.ShareOf(options.Agents).Count));
        }
        return fleets;
    }

    private static List<int> GeneratorPids(IReadOnlyList<IAgentFleet> fleets) =>
        [Environment.ProcessId, .. fleets.OfType<WorkerFleet>().Select(w => w.ProcessId)];

    private ProcessSample? SampleServer(bool countFiles) =>
        _server.Any ? _server.Sample(countFiles) : null;

    private async Task ShowProgressAsync(IReadOnlyList<IAgentFleet> fleets, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var interval = new LatencyHistogram();
                for (var i = 0; i < fleets.Count; i++)
                {
                    foreach (var report in fleets[i].DrainProgress())
                    {
                        _latest[i] = report;
                        interval.Add(report.Interval);
                    }
                }
                var (server, cpu) = ServerNow();
                if (!options.Quiet)
                {
                    var line = ProgressLine.Format(_clock.Elapsed.TotalSeconds, _phase, [.. _latest.Values], interval.Summarize(), server, cpu);
                    await Console.Error.WriteLineAsync(line);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private (ProcessSample? Sample, double? CpuPercent) ServerNow()
    {
        if (!_server.Any)
        {
            return (null, null);
        }
        var now = Stopwatch.GetTimestamp();
        var sample = _server.Sample();
        double? cpu = null;
        if (_lastServerSample is { } last)
        {
            var seconds = Stopwatch.GetElapsedTime(_lastServerSampleTicks, now).TotalSeconds;
            // A PID that went away or was replaced (a restarted server) makes the difference meaningless, not negative.
            cpu = seconds > 0 && sample.CpuSecondsSince(last) is { } used ? used / seconds * 100 : null;
        }
        _lastServerSample = sample;
        _lastServerSampleTicks = now;
        return (sample, cpu);
    }

    /// <summary>A fleet's final report; null (and said on stderr) when its worker died or never answered.</summary>
    private static async Task<HostResult?> StopOrMissing(IAgentFleet fleet, CancellationToken cancellationToken)
    {
        try
        {
            return await fleet.StopAsync(cancellationToken);
        }
        catch (Exception e) when (e is WorkerExitedException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"no final report from a fleet of {fleet.Agents} agents ({e.Message}): they are missing from the totals");
            return null;
        }
    }

    /// <summary>
    /// A push whose API cannot be reached (the server gone, a wrong --api) is an error of the run,
    /// counted and reported with everything else measured, not the end of the generator.
    /// </summary>
    private async Task<T?> Pushing<T>(string stage, Func<Task<T>> push, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await push();
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _runErrors.Add(ErrorKinds.Of(stage, e));
            await Console.Error.WriteLineAsync($"{stage} failed: {e.Message}");
            return null;
        }
    }

    private LoadTestReport BuildReport(
        ulong runId, HostResult[] results, double? timeToAll, ConfigPushReport? push, ProfilePushReport? profilePush,
        ProcessSample? before, ProcessSample? connected, ProcessSample? settled, ProcessSample? heldSample, ProcessSample? end,
        ProcessSample generatorSample, TimeSpan held)
    {
        var firstReply = new LatencyHistogram();
        var connectedAt = new LatencyHistogram();
        var startDelay = new LatencyHistogram();
        var reconnect = new LatencyHistogram();
        var heartbeat = new LatencyHistogram();
        var status = new LatencyHistogram();
        var errors = new ErrorCounts();
        foreach (var r in results)
        {
            firstReply.Add(r.FirstReply);
            connectedAt.Add(r.ConnectedAt);
            startDelay.Add(r.StartDelay);
            reconnect.Add(r.Reconnect);
            heartbeat.Add(r.Heartbeat);
            status.Add(r.StatusChange);
            errors.Add(r.Errors);
        }
        errors.Add(_runErrors.Snapshot());
        var firstReplies = results.Sum(r => r.FirstReplies);

        var scenario = new ScenarioReport(
            options.Agents,
            options.Transport switch { TransportChoice.WebSocket => "ws", TransportChoice.Http => "http", _ => "mixed" },
            options.Urls.Select(u => u.ToString()).ToList(),
            options.RampPerSecond,
            options.Heartbeat.TotalSeconds,
            !options.IgnoreHeartbeatOffer,
            options.Workers,
            options.SourceAddresses.Count,
            options.ConfigBytes,
            options.StatusChangesPerSecond,
            options.FailFraction,
            options.Duration.TotalSeconds,
            options.Settle.TotalSeconds,
            options.PushConfig,
            runId.ToString("x12", CultureInfo.InvariantCulture));

        var connect = new ConnectReport(
            options.Agents,
            firstReplies,
            timeToAll,
            firstReply.Summarize(),
            connectedAt.Summarize(),
            startDelay.Summarize(),
            results.Sum(r => r.Reconnects),
            reconnect.Summarize(),
            results.Sum(r => r.OnlineAtStop));

        ServerReport? server = null;
        if (before is not null && connected is not null && settled is not null && heldSample is not null && end is not null)
        {
            double? PerAgent(ProcessSample after) =>
                firstReplies > 0 && before.Complete && after.Complete ? (after.RssKb - before.RssKb) / (double)firstReplies : null;
            static double? Cpu(ProcessSample from, ProcessSample to) => to.CpuSecondsSince(from);
            var holdCpu = Cpu(settled, heldSample);
            server = new ServerReport(
                before, connected, settled, heldSample, end,
                PerAgent(connected),
                PerAgent(heldSample),
                Cpu(before, connected),
                holdCpu,
                Cpu(before, end),
                held.TotalSeconds > 0 && holdCpu is { } cpu ? cpu / held.TotalSeconds * 100 : null);
        }

        return new LoadTestReport(
            scenario,
            connect,
            heartbeat.Summarize(),
            status.Summarize(),
            push,
            profilePush,
            results.Sum(r => r.Sent),
            results.Sum(r => r.Received),
            errors.Total,
            errors.Snapshot(),
            server,
            generatorSample,
            held.TotalSeconds,
            _clock.Elapsed.TotalSeconds);
    }
}
