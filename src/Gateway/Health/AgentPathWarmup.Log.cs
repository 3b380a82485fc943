namespace Fleet.Gateway.Health;

public sealed partial class AgentPathWarmup
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Agent path warmed up in {ElapsedMs:F0} ms ({Failures} failed attempts first)")]
    private static partial void LogWarmedUp(ILogger logger, double elapsedMs, int failures);

    // Once: the silos may still be starting; GiveUp says when it never worked.
    [LoggerMessage(Level = LogLevel.Information, Message = "Agent path warm-up failed, retrying every second")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent path warm-up failed {Failures} times in {Seconds:F0} s: reporting ready without it (the first failure was logged with its cause)")]
    private static partial void LogGaveUp(ILogger logger, int failures, double seconds);
}
