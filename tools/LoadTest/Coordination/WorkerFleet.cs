using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Fleet.LoadTest.Options;

namespace Fleet.LoadTest.Coordination;

/// <summary>
/// Agents in a child process of this program (same executable, --worker i/K): commands go to its
/// stdin, JSON lines come back on its stdout, its stderr is passed on with a prefix.
/// </summary>
public sealed class WorkerFleet : IAgentFleet
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<double> _allConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<HostResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<ProgressReport> _progress = new();
    private readonly Lock _receiptsLock = new();
    private readonly Task _readOutput;
    private readonly Task _readErrors;
    private readonly string _name;
    private TaskCompletionSource<ConfigReceipts>? _receipts;

    public WorkerFleet(IReadOnlyList<string> parentArgs, WorkerAssignment worker, ulong runId, int agents)
    {
        Agents = agents;
        _name = $"worker {worker.Index + 1}/{worker.Count}";
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell this program's path to start workers"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Run through the dotnet host ("dotnet Fleet.LoadTest.dll"): the child needs the assembly path first.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }
        foreach (var arg in LoadTestOptionsParser.WorkerArguments(parentArgs, worker, runId))
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{_name} did not start");
        _readOutput = Task.Run(ReadOutputAsync);
        _readErrors = Task.Run(ReadErrorsAsync);
    }

    public int Agents { get; }

    public int ProcessId => _process.Id;

    public Task Ready => _ready.Task;

    public Task<double> AllConnected => _allConnected.Task;

    public bool Lost => _readOutput.IsCompleted && !_result.Task.IsCompletedSuccessfully;

    public void Start() => Send(WorkerCommands.Start);

    public void SetHolding(bool holding) => Send(holding ? WorkerCommands.HoldOn : WorkerCommands.HoldOff);

    public IReadOnlyList<ProgressReport> DrainProgress()
    {
        var drained = new List<ProgressReport>();
        while (_progress.TryDequeue(out var report))
        {
            drained.Add(report);
        }
        return drained;
    }

    public async Task<ConfigReceipts> ReceiptsAsync(string hashHex, CancellationToken cancellationToken)
    {
        TaskCompletionSource<ConfigReceipts> pending;
        lock (_receiptsLock)
        {
            pending = _receipts = new TaskCompletionSource<ConfigReceipts>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        Send($"{WorkerCommands.Receipts} {hashHex}");
        return await pending.Task.WaitAsync(cancellationToken);
    }

    public async Task<HostResult> StopAsync(CancellationToken cancellationToken)
    {
        Send(WorkerCommands.Stop);
        return await _result.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            // Only this child, by its own handle: never anything by name.
            _process.Kill(entireProcessTree: true);
        }
        await Task.WhenAll(_readOutput, _readErrors).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
    }

    private void Send(string command)
    {
        try
        {
            _process.StandardInput.WriteLine(command);
            _process.StandardInput.Flush();
        }
        catch (IOException e)
        {
            Fail(new InvalidOperationException($"{_name} is gone: {e.Message}", e));
        }
    }

    private async Task ReadOutputAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            WorkerLine? message = null;
            try
            {
                message = JsonSerializer.Deserialize<WorkerLine>(line, WireJson.Compact);
            }
            catch (JsonException)
            {
                // Not one of ours: pass it on below.
            }
            switch (message)
            {
                case { Kind: WorkerLine.Ready }:
                    _ready.TrySetResult();
                    break;
                case { Kind: WorkerLine.ProgressKind, Progress: { } progress }:
                    _progress.Enqueue(progress);
                    break;
                case { Kind: WorkerLine.Connected, AllConnectedMs: { } ms }:
                    _allConnected.TrySetResult(ms);
                    break;
                case { Kind: WorkerLine.ReceiptsKind, Receipts: { } receipts }:
                    lock (_receiptsLock)
                    {
                        _receipts?.TrySetResult(receipts);
                    }
                    break;
                case { Kind: WorkerLine.ResultKind, Result: { } result }:
                    _result.TrySetResult(result);
                    break;
                default:
                    await Console.Error.WriteLineAsync($"[{_name}] {line}");
                    break;
            }
        }
        Fail(new WorkerExitedException($"{_name} exited (code {(_process.HasExited ? _process.ExitCode : -1)})"));
    }

    private async Task ReadErrorsAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            await Console.Error.WriteLineAsync($"[{_name}] {line}");
        }
    }

    private void Fail(Exception e)
    {
        _ready.TrySetException(e);
        _allConnected.TrySetException(e);
        _result.TrySetException(e);
        lock (_receiptsLock)
        {
            _receipts?.TrySetException(e);
        }
    }
}
