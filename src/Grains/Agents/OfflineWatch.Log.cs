using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Agents;

public sealed partial class OfflineWatch
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Asking agent {Uid}'s grain whether it is offline failed; it is asked again after its next message")]
    private static partial void LogCheckFailed(ILogger logger, Guid uid, Exception exception);
}
