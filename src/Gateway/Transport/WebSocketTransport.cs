using Fleet.Gateway.Hosting;
using Fleet.Gateway.Security.Agents;
using Fleet.Gateway.Limits;
using System.Net.WebSockets;
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

    /// <summary>An upgrade that came through the request pipeline.</summary>
    public async Task Handle(HttpContext context)
    {
        if (await Admit(context) is not { } identity)
        {
            return;
        }
        try
        {
            var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = options.Value.WebSocketKeepAlive,
                KeepAliveTimeout = KeepAliveTimeout,
            });
            await Run(socket, identity, context.Connection.RemoteIpAddress, context.RequestAborted);
        }
        finally
        {
            admission.ExitWebSocket();
        }
    }

    /// <summary>
    /// A socket accepted below the pipeline: kept alive as <see cref="Handle"/>'s are, by its own timer
    /// unless <paramref name="keepAlives"/> sends its pongs.
    /// </summary>
    public WebSocketCreationOptions ServerSocketOptions(WebSocketKeepAlives keepAlives) => new()
    {
        IsServer = true,
        KeepAliveInterval = keepAlives.Enabled ? TimeSpan.Zero : options.Value.WebSocketKeepAlive,
        KeepAliveTimeout = KeepAliveTimeout,
    };

    // Zero: unsolicited pongs, no per-socket deadline (see WebSocketKeepAliveMode).
    private TimeSpan KeepAliveTimeout => options.Value.WebSocketKeepAliveMode == WebSocketKeepAliveMode.Ping
        ? options.Value.WebSocketKeepAliveTimeout
        : TimeSpan.Zero;

    /// <summary>
    /// Credentials, the announced agent and capacity, before any socket exists. A refusal is written to
    /// <paramref name="context"/>'s response. Admitted: the caller holds a WebSocket slot and must give it
    /// back (<see cref="Admission.ExitWebSocket"/>) when the socket ends or cannot be opened.
    /// </summary>
    public async Task<AgentIdentity?> Admit(HttpContext context)
    {
        // Credentials first: an agent that cannot get in must not hold a connection slot.
        var authentication = await authenticator.Authenticate(context);
        if (authentication.Status != AgentAuthenticationStatus.Authenticated)
        {
            RefuseUpgrade(context, authentication.Status);
            return null;
        }
        if (HttpTransport.InstanceUidFrom(context) is { } announced
            && authenticator.Admit(authentication.Identity, announced, "websocket") != AgentAdmission.Admitted)
        {
            // The agent named itself on the upgrade (OpAMP-Instance-UID) and may not come in: refuse
            // the upgrade, so its client backs off as for any failed connect.
            AgentAuthenticator.Challenge(context);
            return null;
        }
        if (!admission.TryEnterWebSocket())
        {
            // Refuse the upgrade: the agent retries later, through the load balancer, elsewhere.
            LogRefused(_logger, admission.Draining ? "draining" : "at the connection limit");
            metrics.Refused(admission.Draining ? "draining" : "connection_limit");
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = ((int)admission.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return null;
        }
        return authentication.Identity;
    }

    /// <summary>Runs an accepted socket until it ends.</summary>
    public async Task Run(WebSocket socket, AgentIdentity identity, System.Net.IPAddress? remote, CancellationToken aborted)
    {
        var session = new WebSocketSession(socket, connections.NewWebSocketConnection(), identity, router, metrics, options.Value.MaxMessageBytes, _sessionLogger,
            MessageRate.For(limits.Value));
        connections.Add(session);
        LogAccepted(_logger, session.ConnectionId, remote?.ToString());
        try
        {
            await session.Run(aborted);
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
