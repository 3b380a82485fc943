using Microsoft.Extensions.Logging;

namespace Fleet.Hosting.Inventory;

public sealed partial class RedisDirectoryStore
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory shard {Shard}: skipped the unreadable summary of agent {InstanceUid}")]
    private static partial void LogUnreadableSummary(ILogger logger, long shard, string instanceUid, Exception exception);
}
