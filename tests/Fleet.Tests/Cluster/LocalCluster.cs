using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Cluster;

/// <summary>
/// The real thing, in separate processes: scripts/cluster.sh starts redis-server, two silos, two
/// gateways (cluster clients) and nginx on loopback ports of its own. Faults are real signals.
/// </summary>
public sealed class LocalCluster : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fleet-cluster-" + Guid.NewGuid().ToString("N")[..8]);

    public int PortBase { get; } = FreeBase();

    public Uri LoadBalancerWebSocket => new($"ws://127.0.0.1:{PortBase}/v1/opamp");
    public Uri LoadBalancerHttp => new($"http://127.0.0.1:{PortBase}/v1/opamp");
    public Uri GatewayWebSocket(int n) => new($"ws://127.0.0.1:{PortBase + 8 + 2 * n}/v1/opamp");
    public HttpClient Api(int n) => new() { BaseAddress = new Uri($"http://127.0.0.1:{PortBase + 9 + 2 * n}"), Timeout = TimeSpan.FromSeconds(30) };
    public HttpClient LoadBalancerApi() => new() { BaseAddress = new Uri($"http://127.0.0.1:{PortBase + 1}"), Timeout = TimeSpan.FromSeconds(30) };
    public HttpClient SiloHealth(int n) => new() { BaseAddress = new Uri($"http://127.0.0.1:{PortBase + 19 + n}") };

    public async Task InitializeAsync() => await Script("start");

    public async Task DisposeAsync()
    {
        await Script("stop");
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Leave logs behind if something still holds them.
        }
    }

    public Task Start(string component) => Script("start", component);
    public Task Stop(string component) => Script("stop", component);
    public Task Kill(string component) => Script("kill", component);

    public string Log(string component) => File.Exists(Path.Combine(_dir, component + ".log")) ? File.ReadAllText(Path.Combine(_dir, component + ".log")) : "";

    private async Task Script(params string[] args)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot.Path, "scripts", "cluster.sh"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        info.Environment["FLEET_CLUSTER_DIR"] = _dir;
        info.Environment["FLEET_PORT_BASE"] = PortBase.ToString();
        info.Environment["FLEET_BUILD"] = "0"; // dotnet test built the solution
        info.Environment["FLEET_CONFIGURATION"] = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        info.Environment["FLEET_DRAIN"] = "00:00:03";
        info.Environment["FLEET_HEARTBEAT"] = "00:00:02";
        info.Environment["FLEET_QUIET_CHECK"] = "00:00:03"; // agents without heartbeats: their gateway is asked this often
        // As in GatewayFixture: the drills call the API faster than any operator.
        info.Environment["FLEET_GATEWAY_ARGS"] = "--Fleet:Gateway:Limits:ApiRequestsPerSecondPerIp=0";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        if (process.ExitCode != 0)
        {
            Assert.Fail($"cluster.sh {string.Join(' ', args)} failed ({process.ExitCode}):\n{await output}\n{await errors}\n{Log("silo1")[^Math.Min(2000, Log("silo1").Length)..]}");
        }
    }

    /// <summary>A port base whose derived ports (see cluster.sh) are all free now.</summary>
    private static int FreeBase()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = Random.Shared.Next(200, 330) * 100;
            int[] ports = [.. Enumerable.Range(candidate, 32), 11000 + candidate + 1, 11000 + candidate + 2, 30000 + candidate + 1, 30000 + candidate + 2];
            if (ports.All(Free))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("no free port range");
    }

    private static bool Free(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
