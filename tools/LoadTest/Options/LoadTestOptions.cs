using System.Net;

namespace Fleet.LoadTest.Options;

/// <summary>Everything one load-test run is asked to do. Built by <see cref="LoadTestOptionsParser"/>.</summary>
public sealed record LoadTestOptions
{
    public static readonly Uri DefaultUrl = new("ws://127.0.0.1:4320/v1/opamp");
    public static readonly Uri DefaultApi = new("http://127.0.0.1:4321");

    public bool ShowHelp { get; init; }

    public int Agents { get; init; } = 100;

    public TransportChoice Transport { get; init; } = TransportChoice.WebSocket;

    /// <summary>Agents are spread over these round-robin; the transport decides ws/wss or http/https.</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [DefaultUrl];

    /// <summary>Agents started per second; 0 starts all at once.</summary>
    public double RampPerSecond { get; init; }

    /// <summary>Heartbeat (WebSocket) or poll (HTTP) interval.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Keep <see cref="Heartbeat"/> even when the server offers another interval.</summary>
    public bool IgnoreHeartbeatOffer { get; init; }

    /// <summary>Spread each agent's heartbeats over the interval instead of all agents beating together.</summary>
    public bool HeartbeatJitter { get; init; } = true;

    /// <summary>Size of the effective config each agent reports (and of the config pushed).</summary>
    public int ConfigBytes { get; init; } = 1024;

    /// <summary>Health changes per second across all agents.</summary>
    public double StatusChangesPerSecond { get; init; }

    /// <summary>Fraction (0..1) of remote configs the agents report as FAILED instead of APPLIED.</summary>
    public double FailFraction { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public bool Gzip { get; init; }

    /// <summary>PEM file of a CA (or self-signed server certificate) trusted for wss/https besides the system's roots.</summary>
    public string? CaFile { get; init; }

    /// <summary>Source addresses to bind, round-robin over agents; empty lets the OS choose.</summary>
    public IReadOnlyList<IPAddress> SourceAddresses { get; init; } = [];

    /// <summary>1 runs the agents in this process; more spawns that many child processes.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// Pause after all connected before anything is measured again: the tail of a connect storm (queued
    /// second messages) would otherwise count as steady-state heartbeats and memory.
    /// </summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to hold all connections after they connected, measuring heartbeats.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.Zero;

    /// <summary>How long to wait for every agent's first reply before going on without the stragglers.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>One connect attempt (TCP, upgrade, first reply).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ReconnectMin { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>HTTP agents: one keep-alive connection each (as separate processes would) or shared pools.</summary>
    public bool SharedHttpConnections { get; init; }

    /// <summary>Initial WebSocket receive buffer per agent.</summary>
    public int ReceiveBufferBytes { get; init; } = 1024;

    /// <summary>
    /// Each agent's unsolicited WebSocket pong interval (zero: none). Off by default: the server's
    /// pings keep the sockets alive, and a timer per simulated agent costs the generator CPU.
    /// </summary>
    public TimeSpan WebSocketKeepAlive { get; init; } = TimeSpan.Zero;

    public bool PushConfig { get; init; }

    /// <summary>After holding (and after --push-config), roll out a new config to every agent as a version of this profile.</summary>
    public string? PushProfile { get; init; }

    public Uri Api { get; init; } = DefaultApi;

    /// <summary>Operator API key (or bearer token) for the management API, when it requires sign-in.</summary>
    public string? ApiKey { get; init; }

    public int PushConcurrency { get; init; } = 32;

    public TimeSpan PushTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Processes whose RSS and CPU time are sampled (the server under test).</summary>
    public IReadOnlyList<int> ServerPids { get; init; } = [];

    /// <summary>Files holding the PIDs of server processes, read again at every sample (a restarted server is followed).</summary>
    public IReadOnlyList<string> ServerPidFiles { get; init; } = [];

    public bool Json { get; init; }

    /// <summary>No live progress lines.</summary>
    public bool Quiet { get; init; }

    /// <summary>Names this run's agents (their instance uids derive from it); random unless given.</summary>
    public ulong? RunId { get; init; }

    /// <summary>Set only in a child process spawned by <see cref="Workers"/>.</summary>
    public WorkerAssignment? Worker { get; init; }

    /// <summary>The transport agent <paramref name="index"/> uses.</summary>
    public TransportChoice TransportOf(int index) => Transport switch
    {
        TransportChoice.Mixed => index % 2 == 0 ? TransportChoice.WebSocket : TransportChoice.Http,
        var single => single,
    };

    /// <summary>The endpoint agent <paramref name="index"/> talks to, with the scheme its transport needs.</summary>
    public Uri EndpointOf(int index)
    {
        var url = Urls[index % Urls.Count];
        var secure = url.Scheme is "wss" or "https";
        var scheme = TransportOf(index) == TransportChoice.WebSocket
            ? (secure ? "wss" : "ws")
            : (secure ? "https" : "http");
        // A default port stays the default of the new scheme (ws:80 becomes http:80, wss:443 https:443).
        return new UriBuilder(url) { Scheme = scheme, Port = url.IsDefaultPort ? -1 : url.Port }.Uri;
    }

    public IPAddress? SourceAddressOf(int index) =>
        SourceAddresses.Count == 0 ? null : SourceAddresses[index % SourceAddresses.Count];
}
