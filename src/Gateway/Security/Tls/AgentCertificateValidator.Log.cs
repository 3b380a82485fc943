namespace Fleet.Gateway.Security.Tls;

public sealed partial class AgentCertificateValidator
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Client certificate {Subject} ({Thumbprint}) does not identify an agent: {Reason}")]
    private static partial void LogRejected(ILogger logger, string subject, string thumbprint, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client certificate {Thumbprint} not checked: the Fleet CA is not known yet (asked for)")]
    private static partial void LogCaNotYetKnown(ILogger logger, string thumbprint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Fleet CA certificate could not be fetched from the CA grain; client certificates are refused until it can")]
    private static partial void LogCaUnavailable(ILogger logger, Exception exception);
}
