using Fleet.Contracts.OpAmp;

namespace Fleet.Client;

public sealed class OpAmpClientOptions
{
    /// <summary>ws:// or wss:// for WebSocket, http:// or https:// for plain HTTP.</summary>
    public required Uri Endpoint { get; init; }

    public Guid InstanceUid { get; set; } = Guid.CreateVersion7();

    public AgentDescription Description { get; init; } = new();

    public ulong Capabilities { get; init; } =
        (ulong)(AgentCapabilities.ReportsStatus | AgentCapabilities.AcceptsRemoteConfig
            | AgentCapabilities.ReportsEffectiveConfig | AgentCapabilities.ReportsRemoteConfig
            | AgentCapabilities.ReportsHealth | AgentCapabilities.ReportsHeartbeat);

    /// <summary>Heartbeat (WebSocket) or poll (HTTP) interval until the server offers another.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Spread each heartbeat or poll wait by up to this fraction of the interval, at random (0 = exactly
    /// the interval). Agents answered together (after a server stall, a restart) otherwise keep coming
    /// back together, one interval apart, for as long as they run; a little jitter disperses them.
    /// </summary>
    public double HeartbeatJitter { get; init; }

    /// <summary>
    /// How often the WebSocket sends an unsolicited pong to keep idle proxies and NATs from dropping
    /// it (zero: never). A server that pings its agents, as Fleet's gateways do, keeps the socket
    /// alive on its own; a process simulating thousands of agents turns this off to save a timer and
    /// a frame per agent.
    /// </summary>
    public TimeSpan WebSocketKeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra request headers (e.g. Authorization) on the upgrade or on every POST.</summary>
    public IDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Gzip HTTP request bodies (and accept gzip responses).</summary>
    public bool Gzip { get; init; }

    /// <summary>Largest ServerToAgent accepted.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>
    /// A private server CA and/or a client certificate for wss:// and https://. Settable so that an agent
    /// whose certificate was rotated presents the new one on its next connection.
    /// </summary>
    public OpAmpClientTlsOptions? Tls { get; set; }

    /// <summary>Source address to bind (e.g. 127.0.0.2), so one load generator can exceed one address's ports.</summary>
    public System.Net.IPAddress? LocalAddress { get; init; }

    /// <summary>
    /// Initial WebSocket receive buffer; it grows (up to MaxMessageBytes) when a larger message arrives.
    /// A load generator holding many thousands of sockets lowers it to keep its per-agent memory small.
    /// </summary>
    public int ReceiveBufferBytes { get; init; } = 16 * 1024;

    /// <summary>
    /// Adopt the heartbeat interval the server offers (OpAMPConnectionSettings). A load generator turns
    /// this off to keep the rate it was asked for.
    /// </summary>
    public bool FollowHeartbeatOffers { get; init; } = true;

    /// <summary>
    /// Adopt the request headers the server offers in OpAMPConnectionSettings (e.g. a per-agent
    /// credential in place of a shared enrollment token): reconnect with them, and go back to the
    /// previous ones if the server refuses them (reported FAILED).
    /// </summary>
    public bool FollowConnectionSettings { get; init; } = true;

    /// <summary>
    /// Reconnect a lost WebSocket with exponential backoff (jittered, honouring Retry-After), then
    /// report full state. Off: the client stays disconnected.
    /// </summary>
    public bool Reconnect { get; init; } = true;

    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);
}
