namespace Fleet.Gateway.Limits;

public sealed partial class OpAmpRateLimit
{
    // Debug: a flooding client would otherwise flood the log too; fleet_gateway_refused_total{reason="ip_rate"} counts every one.
    [LoggerMessage(Level = LogLevel.Debug, Message = "OpAMP {Request} from {ClientAddress} refused with 429: over {PerSecond} requests/s")]
    private static partial void LogRefused(ILogger logger, string request, System.Net.IPAddress? clientAddress, int perSecond);
}
