namespace Fleet.Supervisor.Configuration;

public sealed class ServerSettings
{
    /// <summary>OpAMP endpoint: ws:// or wss:// for WebSocket, http:// or https:// for plain HTTP polling.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Extra request headers, e.g. Authorization.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>Heartbeat (WebSocket) or poll (HTTP) interval until the server offers another.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Backoff between attempts to reach the server the first time (later losses: the client reconnects itself).</summary>
    public BackoffSettings ConnectBackoff { get; set; } = new();
}
