using Fleet.Gateway.Hosting;
using Fleet.Gateway.Security.Agents;
using Fleet.Gateway.Limits;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Transport;

/// <summary>Accepts OpAMP WebSocket upgrades and runs one <see cref="WebSocketSession"/> per socket.</summary>
public sealed partial class WebSocketTransport(
    AgentConnections connections,
    AgentMessageRouter router,
    AgentAuthenticator authenticator,
    Admission admission,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    IOptions<LimitOptions> limits,
    ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<WebSocketTransport>();
    private readonly ILogger _sessionLogger = loggers.CreateLogger<WebSocketSession>();

    public async Task Handle(HttpContext context)
    {
        // Credentials first: an agent that cannot get in must not hold a connection slot.
        var authentication = await authenticator.Authenticate(context);
        if (authentication.Status != AgentAuthenticationStatus.Authenticated)
        {
            RefuseUpgrade(context, authentication.Status);
            return;
        }
        if (HttpTransport.InstanceUidFrom(context) is { } announced
            && authenticator.Admit(authentication.Identity, announced, "websocket") != AgentAdmission.Admitted)
        {
            // The agent named itself on the upgrade (OpAMP-Instance-UID) and may not come in: refuse
            // the upgrade, so its client backs off as for any failed connect.
            AgentAuthenticator.Challenge(context);
            return;
        }
        if (!admission.TryEnterWebSocket())
        {
            // Refuse the upgrade: the agent retries later, through the load balancer, elsewhere.
            LogRefused(_logger, admission.Draining ? "draining" : "at the connection limit");
            metrics.Refused(admission.Draining ? "draining" : "connection_limit");
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = ((int)admission.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return;
        }
        try
        {
            await Run(context, authentication.Identity);
        }
        finally
        {
            admission.ExitWebSocket();
        }
    }

    private async Task Run(HttpContext context, AgentIdentity identity)
    {
        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = options.Value.WebSocketKeepAlive,
            // Zero: unsolicited pongs, no per-socket deadline (see WebSocketKeepAliveMode).
            KeepAliveTimeout = options.Value.WebSocketKeepAliveMode == WebSocketKeepAliveMode.Ping
                ? options.Value.WebSocketKeepAliveTimeout
                : TimeSpan.Zero,
        });
        var session = new WebSocketSession(socket, connections.NewWebSocketConnection(), identity, router, metrics, options.Value.MaxMessageBytes, _sessionLogger,
            MessageRate.For(limits.Value));
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

    private void RefuseUpgrade(HttpContext context, AgentAuthenticationStatus status)
    {
        if (status == AgentAuthenticationStatus.Unavailable)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = ((int)admission.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return;
        }
        AgentAuthenticator.Challenge(context);
    }
}
