namespace Fleet.Gateway.Security.Tls;

public sealed partial class ReloadingServerCertificate
{
    [LoggerMessage(Level = LogLevel.Information, Message = "TLS certificate loaded from {CertificatePath}: {Subject}, thumbprint {Thumbprint}, valid until {NotAfter:u}")]
    private static partial void LogLoaded(ILogger logger, string certificatePath, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TLS certificate files {CertificatePath} / {KeyPath} changed but do not load ({Reason}); still serving thumbprint {Thumbprint}")]
    private static partial void LogReloadRefused(ILogger logger, string certificatePath, string keyPath, string reason, string thumbprint);
}
