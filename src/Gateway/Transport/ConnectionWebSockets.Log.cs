namespace Fleet.Gateway.Transport;

public sealed partial class ConnectionWebSockets
{
    // Debug: a port scanner or a half-open client, one line each; nothing an operator acts on.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Connection {ConnectionId} closed: no complete request head within {Timeout}")]
    private static partial void LogNoHead(ILogger logger, string connectionId, TimeSpan timeout);
}
