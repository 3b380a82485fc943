namespace Fleet.Gateway.Hosting;

/// <summary>Listeners and limits of one gateway process (section "Fleet:Gateway").</summary>
public sealed class GatewayOptions
{
    public const string Section = "Fleet:Gateway";

    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>OpAMP (WebSocket and plain HTTP at /v1/opamp).</summary>
    public int OpAmpPort { get; set; } = 4320;

    /// <summary>Management API, console and health.</summary>
    public int ManagementPort { get; set; } = 4321;

    /// <summary>Pending-connection queue of the listeners: a fleet reconnecting at once must not overflow it.</summary>
    public int ListenBacklog { get; set; } = 4096;

    /// <summary>Largest AgentToServer accepted, after decompression (the spec recommends 64 MiB).</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>A WebSocket with nothing else written for this long gets a keep-alive frame (zero: none).</summary>
    public TimeSpan WebSocketKeepAlive { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A connection whose peer leaves what the gateway sent unacknowledged this long is dead (the
    /// kernel's TCP_USER_TIMEOUT, on Linux); in <see cref="WebSocketKeepAliveMode.Ping"/> mode, also
    /// how long a ping may wait for its pong.
    /// </summary>
    public TimeSpan WebSocketKeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Accept OpAMP WebSocket upgrades on the connection, below the request pipeline (less memory and
    /// CPU per agent; see <see cref="Transport.ConnectionWebSockets"/>). False sends them through the
    /// pipeline like any request, where the upgrade shows in HTTP request metrics and traces.
    /// </summary>
    public bool ConnectionLevelWebSockets { get; set; } = true;

    public WebSocketKeepAliveMode WebSocketKeepAliveMode { get; set; } = WebSocketKeepAliveMode.Pong;

    /// <summary>
    /// On shutdown, WebSockets are closed (1001) spread over this window so agents reconnect elsewhere
    /// without a storm. Unset: 10 s for a cluster gateway, none for an embedded one (<see cref="Transport.DrainWindows"/>).
    /// </summary>
    public TimeSpan DrainWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// WebSocket upgrades beyond this many open sockets are refused with 503 + Retry-After; never more
    /// than the process' open-file limit allows (<see cref="OpenFileBudget"/>).
    /// </summary>
    public int MaxWebSocketConnections { get; set; } = 50_000;

    /// <summary>Plain-HTTP OpAMP requests in flight beyond this are answered 503 + Retry-After.</summary>
    public int MaxConcurrentHttpRequests { get; set; } = 5_000;

    /// <summary>What agents are told to wait (Retry-After, RetryInfo) when refused for load or unavailability.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How agents reach the OpAMP listener from outside (e.g. https://opamp.example.com), for package download URLs.</summary>
    public string? PublicOpAmpUrl { get; set; }

    /// <summary>Names this gateway to the grains; defaults to host name and process id.</summary>
    public string? GatewayId { get; set; }
}
