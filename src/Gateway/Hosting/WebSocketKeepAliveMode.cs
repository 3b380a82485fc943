namespace Fleet.Gateway.Hosting;

/// <summary>What the gateway sends on a quiet WebSocket, and how it finds a dead one.</summary>
public enum WebSocketKeepAliveMode
{
    /// <summary>
    /// An unsolicited pong every <see cref="GatewayOptions.WebSocketKeepAlive"/> (RFC 6455 §5.5.3): traffic
    /// for idle timeouts on the way, one timer turn per socket per interval. A dead peer is found by the
    /// kernel (the pong stays unacknowledged past <see cref="GatewayOptions.WebSocketKeepAliveTimeout"/>),
    /// a silent agent that promised heartbeats by its grain, which closes the socket.
    /// </summary>
    Pong,

    /// <summary>
    /// A ping, and the socket closed when its pong is late: also finds a dead agent behind a proxy that
    /// keeps its own connection alive, but the runtime then checks every socket four times per
    /// interval (a third of the CPU of a gateway holding 10k idle agents).
    /// </summary>
    Ping,
}
