using Fleet.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Transport;

/// <summary>Accepts OpAMP WebSocket upgrades and runs one <see cref="WebSocketSession"/> per socket.</summary>
public sealed partial class WebSocketTransport(
    AgentConnections connections,
    AgentMessageRouter router,
    IOptions<GatewayOptions> options,
    ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<WebSocketTransport>();
    private readonly ILogger _sessionLogger = loggers.CreateLogger<WebSocketSession>();

    public async Task Handle(HttpContext context)
    {
        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = options.Value.WebSocketKeepAlive,
            KeepAliveTimeout = options.Value.WebSocketKeepAliveTimeout,
        });
        var session = new WebSocketSession(socket, connections.NewWebSocketConnection(), router, options.Value.MaxMessageBytes, _sessionLogger);
        connections.Add(session);
        LogAccepted(_logger, session.ConnectionId, context.Connection.RemoteIpAddress?.ToString());
        try
        {
            await session.Run(context.RequestAborted);
        }
        finally
        {
            connections.Remove(session);
            LogClosed(_logger, session.ConnectionId, session.InstanceUid);
        }
    }
}
