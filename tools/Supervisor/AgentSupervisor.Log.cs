namespace Fleet.Supervisor;

public sealed partial class AgentSupervisor
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Supervising {Executable} as agent {InstanceUid}, server {Endpoint}")]
    private static partial void LogStarting(ILogger logger, Guid instanceUid, string executable, string endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to {Endpoint}")]
    private static partial void LogConnected(ILogger logger, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reach {Endpoint} ({Error}); retrying in {Delay}")]
    private static partial void LogConnectFailed(ILogger logger, string endpoint, string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending to the server failed: {Error}")]
    private static partial void LogSendFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection to the server lost (close status {CloseStatus}); reconnecting")]
    private static partial void LogDisconnected(ILogger logger, string closeStatus);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnected to the server")]
    private static partial void LogReconnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "The server asked for a restart: restarting the agent")]
    private static partial void LogRestartCommand(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "The server asked for a restart, but the agent has no config yet: it stays stopped")]
    private static partial void LogRestartWithoutConfig(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The restarted agent is not healthy: {Error}")]
    private static partial void LogRestartUnhealthy(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "The server assigned the instance uid {InstanceUid}")]
    private static partial void LogNewInstanceUid(ILogger logger, Guid instanceUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The server answered with an error ({Type}): {Error}")]
    private static partial void LogServerError(ILogger logger, string type, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: stopping the agent and disconnecting")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not say goodbye to the server: {Error}")]
    private static partial void LogGoodbyeFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped")]
    private static partial void LogStopped(ILogger logger);
}
