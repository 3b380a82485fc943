using System.Collections.Concurrent;
using System.Diagnostics;
using Fleet.Supervisor.Agent;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Observability;

/// <summary>
/// The built gateway (embedded default) as its own process, as operators run it, with every line it
/// writes to stdout kept for the test to read.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();

    private GatewayProcess(Process process, int opAmpPort, int managementPort)
    {
        _process = process;
        WebSocketEndpoint = new Uri($"ws://127.0.0.1:{opAmpPort}/v1/opamp");
        HttpEndpoint = new Uri($"http://127.0.0.1:{opAmpPort}/v1/opamp");
        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };
    }

    public Uri WebSocketEndpoint { get; }
    public Uri HttpEndpoint { get; }
    public HttpClient Api { get; }
    public IReadOnlyList<string> Stdout => [.. _stdout];
    public bool HasExited => _process.HasExited;

    public static Task<GatewayProcess> Start(params string[] settings) => Start(openFileLimit: null, settings);

    /// <summary>Starts the gateway, under an open-file limit of its own when <paramref name="openFileLimit"/> is set.</summary>
    public static async Task<GatewayProcess> Start(int? openFileLimit, params string[] settings)
    {
        var ports = FreePorts.Take(4);
        var info = new ProcessStartInfo(openFileLimit is null ? "dotnet" : "bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (openFileLimit is { } limit)
        {
            // exec keeps the PID: the process signalled and watched is the gateway itself.
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"ulimit -n {limit} && exec dotnet \"$@\"");
            info.ArgumentList.Add("gateway");
        }
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Fleet.Gateway.dll"));
        foreach (var argument in (string[])[
            "--Fleet:Gateway:ListenAddress=127.0.0.1",
            $"--Fleet:Gateway:OpAmpPort={ports[0]}",
            $"--Fleet:Gateway:ManagementPort={ports[1]}",
            "--Fleet:Gateway:DrainWindow=00:00:01",
            $"--Fleet:Orleans:SiloPort={ports[2]}",
            $"--Fleet:Orleans:GatewayPort={ports[3]}",
            $"--Fleet:Orleans:ClusterId=test-{Guid.NewGuid():N}",
            .. settings])
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("the gateway did not start");
        var gateway = new GatewayProcess(process, ports[0], ports[1]);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                gateway._stdout.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.True(async () =>
        {
            Assert.False(process.HasExited, "the gateway exited: " + string.Join('\n', gateway.Stdout));
            try
            {
                return (await gateway.Api.GetAsync("/health/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the gateway process is ready", TimeSpan.FromSeconds(60));
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        if (!_process.HasExited && UnixSignals.Terminate(_process.Id))
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.Dispose();
    }
}
