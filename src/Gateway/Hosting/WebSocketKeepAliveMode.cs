namespace Fleet.Gateway.Hosting;

/// <summary>What the gateway sends on a quiet WebSocket, and how it finds a dead one.</summary>
public enum WebSocketKeepAliveMode
{
    /// <summary>
    /// An unsolicited pong (RFC 6455 §5.5.3) to a socket with nothing else written for
    /// <see cref="GatewayOptions.WebSocketKeepAlive"/>: traffic for idle timeouts on the way, sent by one
    /// sweep per gateway (<see cref="Transport.WebSocketKeepAlives"/>). A dead peer is found by the
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
