namespace Fleet.Gateway.Transport;

public sealed partial class WebSocketSession
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket {ConnectionId} (agent {InstanceUid}) lost: {Reason}")]
    private static partial void LogConnectionLost(ILogger logger, Guid connectionId, Guid? instanceUid, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket {ConnectionId} (agent {InstanceUid}) sent a message over {Limit} bytes: closed with 1009")]
    private static partial void LogTooBig(ILogger logger, Guid connectionId, Guid? instanceUid, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket {ConnectionId} (agent {InstanceUid}) sent a text frame: closed with 1003")]
    private static partial void LogTextFrame(ILogger logger, Guid connectionId, Guid? instanceUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket {ConnectionId} (agent {InstanceUid}) sent a frame with header {Header}: answered BAD_REQUEST")]
    private static partial void LogUnsupportedHeader(ILogger logger, Guid connectionId, Guid? instanceUid, ulong header);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Push to WebSocket {ConnectionId} (agent {InstanceUid}) not sent: {Reason}")]
    private static partial void LogPushFailed(ILogger logger, Guid connectionId, Guid? instanceUid, string reason);
}
