namespace Fleet.Gateway.Transport;

public sealed partial class WebSocketTransport
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket {ConnectionId} accepted from {RemoteAddress}")]
    private static partial void LogAccepted(ILogger logger, Guid connectionId, string? remoteAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket upgrade refused with 503: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket {ConnectionId} (agent {AgentUid}) closed")]
    private static partial void LogClosed(ILogger logger, Guid connectionId, Guid? agentUid);
}
