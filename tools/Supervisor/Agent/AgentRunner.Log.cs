namespace Fleet.Supervisor.Agent;

internal sealed partial class AgentRunner
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The agent (pid {ProcessId}) exited on its own with code {ExitCode}; restarting it in {Delay}")]
    private static partial void LogCrashed(ILogger logger, int processId, int exitCode, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Error}; retrying in {Delay}")]
    private static partial void LogStartFailed(ILogger logger, string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent supervision task failed")]
    private static partial void LogBackgroundFailed(ILogger logger, Exception exception);
}
