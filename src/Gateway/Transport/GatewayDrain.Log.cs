namespace Fleet.Gateway.Transport;

public sealed partial class GatewayDrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Draining: not ready; closing {Sessions} WebSockets over {Window}")]
    private static partial void LogDraining(ILogger logger, int sessions, TimeSpan window);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draining: stopped {Listeners} listener(s) on OpAMP port {Port}")]
    private static partial void LogStoppedListening(ILogger logger, int listeners, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained {Sessions} WebSockets")]
    private static partial void LogDrained(ILogger logger, int sessions);
}
