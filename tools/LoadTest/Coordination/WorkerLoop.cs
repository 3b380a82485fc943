using System.Text.Json;
using Fleet.LoadTest.Agents;
using Fleet.LoadTest.Options;

namespace Fleet.LoadTest.Coordination;

/// <summary>
/// A child process's side: builds its share of agents, obeys the parent's commands on stdin and
/// answers with JSON lines on stdout. Logs and errors go to stderr, which the parent passes on.
/// </summary>
public static class WorkerLoop
{
    private static readonly Lock OutputLock = new();

    public static async Task<int> RunAsync(LoadTestOptions options, WorkerAssignment worker)
    {
        var runId = options.RunId ?? throw new LoadTestUsageException("--worker needs --run-id");
        var (first, count) = worker.ShareOf(options.Agents);
        var host = new AgentHost(options, runId, first, count);
        using var progressStop = new CancellationTokenSource();
        var progress = Task.CompletedTask;
        Write(new WorkerLine(WorkerLine.Ready));

        while (await Console.In.ReadLineAsync() is { } command)
        {
            switch (command.Trim())
            {
                case WorkerCommands.Start:
                    host.Start();
                    progress = ReportProgressAsync(host, progressStop.Token);
                    _ = host.Metrics.AllConnected.ContinueWith(
                        done => Write(new WorkerLine(WorkerLine.Connected, AllConnectedMs: done.Result)),
                        CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                    break;
                case WorkerCommands.HoldOn:
                    host.Metrics.Holding = true;
                    break;
                case WorkerCommands.HoldOff:
                    host.Metrics.Holding = false;
                    break;
                case var receipts when receipts.StartsWith(WorkerCommands.Receipts + " ", StringComparison.Ordinal):
                    Write(new WorkerLine(WorkerLine.ReceiptsKind, Receipts: host.Receipts(receipts[(WorkerCommands.Receipts.Length + 1)..].Trim())));
                    break;
                case WorkerCommands.Stop:
                    await Finish(host, progressStop, progress);
                    return 0;
                default:
                    await Console.Error.WriteLineAsync($"unknown command '{command}'");
                    break;
            }
        }

        // The parent went away: stop cleanly all the same.
        await Finish(host, progressStop, progress);
        return 0;
    }

    private static async Task Finish(AgentHost host, CancellationTokenSource progressStop, Task progress)
    {
        await progressStop.CancelAsync();
        await progress.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Write(new WorkerLine(WorkerLine.ResultKind, Result: await host.StopAsync()));
    }

    private static async Task ReportProgressAsync(AgentHost host, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                Write(new WorkerLine(WorkerLine.ProgressKind, Progress: host.TakeProgress()));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private static void Write(WorkerLine line)
    {
        var json = JsonSerializer.Serialize(line, WireJson.Compact);
        lock (OutputLock)
        {
            Console.Out.WriteLine(json);
            Console.Out.Flush();
        }
    }
}
