using System.Text.Json;
using Fleet.Gateway;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Infrastructure;

/// <summary>
/// A real gateway in embedded mode (Kestrel + an in-process Orleans silo) on free loopback ports, as
/// <c>dotnet run --project src/Gateway</c> starts it, with short timeouts so tests run fast.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    public const int MaxMessageBytes = 1024 * 1024;
    private Microsoft.AspNetCore.Builder.WebApplication? _app;

    public int OpAmpPort { get; private set; }
    public int ManagementPort { get; private set; }
    public Uri WebSocketEndpoint => new($"ws://127.0.0.1:{OpAmpPort}/v1/opamp");
    public Uri HttpEndpoint => new($"http://127.0.0.1:{OpAmpPort}/v1/opamp");
    public HttpClient Api { get; } = new();
    public HttpClient OpAmpHttp { get; } = new();

    /// <summary>The embedded silo's grains, for seeding large fleets without sockets.</summary>
    public IGrainFactory Grains => _app!.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The running gateway's services (its routes: EndpointDataSource).</summary>
    public IServiceProvider Services => _app!.Services;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected virtual IEnumerable<string> Settings => [];

    /// <summary>
    /// An embedded gateway on these four free ports (OpAMP, management, silo, silo gateway) with the
    /// suite's short timings; every test gateway starts from these.
    /// </summary>
    public static string[] Arguments(int[] ports) =>
    [
        "--Fleet:Gateway:ListenAddress=127.0.0.1",
        $"--Fleet:Gateway:OpAmpPort={ports[0]}",
        $"--Fleet:Gateway:ManagementPort={ports[1]}",
        $"--Fleet:Gateway:MaxMessageBytes={MaxMessageBytes}",
        // A keep-alive frame every second, so tests see them; in Ping mode a pong may still wait: a
        // test's raw socket answers pings only while it reads, and at the suite's start the box is saturated.
        "--Fleet:Gateway:WebSocketKeepAlive=00:00:01",
        "--Fleet:Gateway:WebSocketKeepAliveTimeout=00:00:05",
        $"--Fleet:Orleans:SiloPort={ports[2]}",
        $"--Fleet:Orleans:GatewayPort={ports[3]}",
        $"--Fleet:Orleans:ClusterId=test-{Guid.NewGuid():N}",
        "--Fleet:Agents:HeartbeatInterval=00:00:01",
        "--Fleet:Agents:OfflineAfter=00:00:03",
        "--Logging:LogLevel:Default=Warning",
        // Tests call the API like a script, far faster than an operator (50 agents read back to back);
        // its per-IP limit has its own tests (Limits/). The OpAMP and per-socket limits stay as shipped.
        "--Fleet:Gateway:Limits:ApiRequestsPerSecondPerIp=0",
    ];

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(4);
        (OpAmpPort, ManagementPort) = (ports[0], ports[1]);
        string[] args = [.. Arguments(ports), .. Settings];
        _app = GatewayApp.Build(args);
        await _app.StartAsync();
        Api.BaseAddress = new Uri($"http://127.0.0.1:{ManagementPort}");
        OpAmpHttp.BaseAddress = new Uri($"http://127.0.0.1:{OpAmpPort}");
        await Eventually.True(async () => (await Api.GetAsync("/health/ready")).IsSuccessStatusCode, "the gateway is ready", TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        OpAmpHttp.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public Task<JsonElement?> Agent(Guid uid) => Api.Agent(uid);

    public Task<JsonElement> AgentWhen(Guid uid, Func<JsonElement, bool> predicate, string because, TimeSpan? timeout = null) =>
        Api.AgentWhen(uid, predicate, because, timeout);

    public Task<HttpResponseMessage> SetConfig(Guid uid, string fileName, string body) => Api.SetConfig(uid, fileName, body);
}
