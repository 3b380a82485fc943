namespace Fleet.Supervisor.Agent;

internal sealed partial class AgentProcess
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Started {Executable} (pid {ProcessId})")]
    private static partial void LogStarted(ILogger logger, string executable, int processId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping the agent (pid {ProcessId}) with SIGTERM")]
    private static partial void LogStopping(ILogger logger, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The agent (pid {ProcessId}) did not stop within {Timeout}: killing it")]
    private static partial void LogKilling(ILogger logger, int processId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "The agent (pid {ProcessId}) exited with code {ExitCode}")]
    private static partial void LogExited(ILogger logger, int processId, int exitCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "agent[{ProcessId}] {Line}")]
    private static partial void LogAgentError(ILogger logger, int processId, string line);
}
