namespace Fleet.Gateway.Limits;

public sealed partial class ApiRateLimitPolicy
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "API request from {ClientAddress} refused with 429: over {PerSecond} requests/s")]
    private static partial void LogRefused(ILogger logger, System.Net.IPAddress? clientAddress, int perSecond);
}
