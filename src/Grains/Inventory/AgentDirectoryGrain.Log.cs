using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Inventory;

public sealed partial class AgentDirectoryGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Directory shard not saved during silo shutdown")]
    private static partial void LogNotSavedOnShutdown(ILogger logger, Exception exception);
}
