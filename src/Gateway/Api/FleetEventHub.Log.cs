namespace Fleet.Gateway.Api;

public sealed partial class FleetEventHub
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing fleet event subscriptions failed; retrying at the next renewal")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No event-stream client left; unsubscribed from the directory shards")]
    private static partial void LogUnsubscribed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unsubscribing from the directory shards failed; shards that missed it drop the subscription when it expires")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception);
}
