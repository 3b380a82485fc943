using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Channels;
using Fleet.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fleet.Tests.Console;

/// <summary>
/// One run of a browser script from tests/console (node + playwright-core driving the system's headless
/// chromium). A script exits non-zero with a message saying what it expected; that fails the test.
/// Scripts that need the test to act mid-way print a line and read the answer from stdin.
/// </summary>
public sealed class ConsoleScript : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(50);
    private readonly Process _process;
    private readonly string _name;
    private readonly ITestOutputHelper _output;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ConsoleScript(Process process, string name, ITestOutputHelper output)
    {
        _process = process;
        _name = name;
        _output = output;
    }

    public static string Folder => Path.Combine(RepositoryRoot.Path, "tests", "console");

    public static string Chromium => Environment.GetEnvironmentVariable("FLEET_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Fails (not skips) when what the browser tests need is missing: the test command installs it.</summary>
    public static void RequirePrerequisites()
    {
        if (!System.IO.Directory.Exists(Path.Combine(Folder, "node_modules", "playwright-core")))
        {
            Assert.Fail($"npm packages missing in {Folder}: run the test command (scripts/test.sh), which runs `npm ci` there.");
        }
        if (!File.Exists(Chromium))
        {
            Assert.Fail($"No chromium at {Chromium}: run the test command (scripts/test.sh), which installs the Debian package `chromium`.");
        }
    }

    public static ConsoleScript Start(string script, ITestOutputHelper output, params string[] args)
    {
        RequirePrerequisites();
        var info = new ProcessStartInfo("node", [$"{script}.mjs", .. args])
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["FLEET_CHROMIUM"] = Chromium;
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"Cannot run node ({e.Message}): run the test command (scripts/test.sh), which installs Node.js.");
            throw;
        }
        var run = new ConsoleScript(process, script, output);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                run._stdoutClosed.TrySetResult();
                run._lines.Writer.TryComplete();
                return;
            }
            run._log.Enqueue(e.Data);
            run._lines.Writer.TryWrite(e.Data);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { run._log.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Runs a script to its end; fails the test with the script's own report when it fails.</summary>
    public static async Task Run(string script, ITestOutputHelper output, params string[] args)
    {
        await using var run = Start(script, output, args);
        await run.Completed();
    }

    /// <summary>Waits for the script to print a line starting with the prefix; returns that line.</summary>
    public async Task<string> WaitForLine(string prefix, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cts.Token))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Kill();
            Assert.Fail($"{_name}.mjs did not print '{prefix}' in time:\n{Transcript}");
        }
        await WaitForExit(TimeSpan.FromSeconds(5));
        Assert.Fail($"{_name}.mjs ended (exit code {ExitCode}) before printing '{prefix}':\n{Transcript}");
        return "";
    }

    public async Task Send(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the script to exit; anything but exit code 0 fails the test with its output.</summary>
    public async Task Completed(TimeSpan? timeout = null)
    {
        if (!await WaitForExit(timeout ?? DefaultTimeout))
        {
            Kill();
            Assert.Fail($"{_name}.mjs did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:0} s:\n{Transcript}");
        }
        _output.WriteLine($"--- {_name}.mjs\n{Transcript}");
        if (_process.ExitCode != 0)
        {
            Assert.Fail($"{_name}.mjs failed (exit code {_process.ExitCode}):\n{Transcript}");
        }
    }

    private int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    private string Transcript => string.Join('\n', _log);

    private async Task<bool> WaitForExit(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await _stdoutClosed.Task.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!await WaitForExit(TimeSpan.FromSeconds(5)))
            {
                Kill();
            }
        }
        _process.Dispose();
    }
}
