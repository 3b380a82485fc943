namespace Fleet.Gateway.Transport;

public sealed partial class WebSocketSession
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket {ConnectionId} (agent {AgentUid}) lost: {Reason}")]
    private static partial void LogConnectionLost(ILogger logger, Guid connectionId, Guid? agentUid, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket {ConnectionId} (agent {AgentUid}) sent a message over {Limit} bytes: closed with 1009")]
    private static partial void LogTooBig(ILogger logger, Guid connectionId, Guid? agentUid, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket {ConnectionId} (agent {AgentUid}) sent a text frame: closed with 1003")]
    private static partial void LogTextFrame(ILogger logger, Guid connectionId, Guid? agentUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket {ConnectionId} (agent {AgentUid}) sent a frame with header {Header}: answered BAD_REQUEST")]
    private static partial void LogUnsupportedHeader(ILogger logger, Guid connectionId, Guid? agentUid, ulong header);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Push to WebSocket {ConnectionId} (agent {AgentUid}) not sent: {Reason}")]
    private static partial void LogPushFailed(ILogger logger, Guid connectionId, Guid? agentUid, string reason);

    // Debug per message (a flood would flood the log); fleet_gateway_refused_total{reason="message_rate"} counts them.
    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket {ConnectionId} (agent {AgentUid}) over its message rate: answered UNAVAILABLE, retry after {RetryAfter}")]
    private static partial void LogOverRate(ILogger logger, Guid connectionId, Guid? agentUid, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket {ConnectionId} (agent {AgentUid}) kept sending over its message rate: closed with 1008")]
    private static partial void LogFlooding(ILogger logger, Guid connectionId, Guid? agentUid);

    // Debug: the agent's grain logs the silence once; this only says which socket went with it.
    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket {ConnectionId} (agent {AgentUid}) closed: its grain lists the agent offline for silence")]
    private static partial void LogClosedSilent(ILogger logger, Guid connectionId, Guid? agentUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Kind} of {Bytes} bytes to WebSocket {ConnectionId} (agent {AgentUid}) exceeds the {Limit}-byte message limit: not sent, the agent was sent an error")]
    private static partial void LogOversizeDiscarded(ILogger logger, string kind, Guid connectionId, Guid? agentUid, int bytes, int limit);
}
