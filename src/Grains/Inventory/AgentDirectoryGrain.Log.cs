using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Inventory;

public sealed partial class AgentDirectoryGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Directory shard not saved during silo shutdown")]
    private static partial void LogNotSavedOnShutdown(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Directory shard {Shard}: forgot {Count} agents offline for more than {Retention}")]
    private static partial void LogForgotten(ILogger logger, long shard, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory shard {Shard}: {Count} agents not forgotten (retention sweep); the next sweep tries again")]
    private static partial void LogForgetFailed(ILogger logger, long shard, int count, Exception exception);
}
