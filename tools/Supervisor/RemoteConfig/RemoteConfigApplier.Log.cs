namespace Fleet.Supervisor.RemoteConfig;

internal sealed partial class RemoteConfigApplier
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Files} remote config file(s) ({ConfigFile}); restarting the agent")]
    private static partial void LogWritten(ILogger logger, int files, string configFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Remote config applied: the agent is healthy")]
    private static partial void LogApplied(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "The remote config has no files: keeping the current config")]
    private static partial void LogEmptyConfig(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rolling back the remote config: {Error}")]
    private static partial void LogRollingBack(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The agent is not healthy on the previous config either: {Error}")]
    private static partial void LogPreviousAlsoUnhealthy(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote config failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
