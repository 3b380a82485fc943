namespace Fleet.Gateway.Memory;

public sealed partial class MemoryTrim
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Memory trimmed after WebSockets went from {HeldBefore} to {Held}: resident {BeforeMb} MB -> {AfterMb} MB, paused {PauseMs:F0} ms")]
    private static partial void LogTrimmed(ILogger logger, int heldBefore, int held, long beforeMb, long afterMb, double pauseMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Memory trim failed")]
    private static partial void LogTrimFailed(ILogger logger, Exception exception);
}
