namespace Fleet.Gateway.Transport;

public sealed partial class ConnectionWebSockets
{
    // Debug: a port scanner or a half-open client, one line each; nothing an operator acts on.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Connection {ConnectionId} closed: no complete request head in time")]
    private static partial void LogNoHead(ILogger logger, string connectionId);

    // A bug or an unreachable dependency in the checks; the agent gets 500 and tries again.
    [LoggerMessage(Level = LogLevel.Error, Message = "Connection {ConnectionId}: checking its WebSocket upgrade failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string connectionId);
}
