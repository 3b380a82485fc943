namespace Fleet.Gateway.Transport;

public sealed partial class WebSocketTransport
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket {ConnectionId} accepted from {RemoteAddress}")]
    private static partial void LogAccepted(ILogger logger, Guid connectionId, string? remoteAddress);

    // Debug: a draining or full gateway refuses whole fleets, one line each would flood the log;
    // fleet_gateway_refused_total counts them by reason.
    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket upgrade refused with 503: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket {ConnectionId} (agent {AgentUid}) closed")]
    private static partial void LogClosed(ILogger logger, Guid connectionId, Guid? agentUid);
}
