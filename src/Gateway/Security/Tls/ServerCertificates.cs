using Fleet.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Security.Tls;

/// <summary>
/// The listeners' TLS settings, built once when Kestrel binds. Listeners naming the same files share
/// one <see cref="ReloadingServerCertificate"/>, so a renewal is read and logged once.
/// </summary>
public sealed class ServerCertificates(IOptions<GatewayTlsOptions> options, TimeProvider clock, ILoggerFactory loggers)
{
    private readonly Dictionary<CertificateFiles, ReloadingServerCertificate> _byFiles = [];
    private readonly Lock _lock = new();

    /// <summary>The listener's TLS, or null when it has no certificate configured (plain HTTP).</summary>
    public ListenerTls? For(Listener listener)
    {
        var tls = options.Value;
        ListenerTlsOptions own = listener == Listener.OpAmp ? tls.OpAmp : tls.Management;
        if (tls.FilesOf(own) is not { } files)
        {
            return null;
        }
        var clientCertificates = own is OpAmpTlsOptions opAmp ? opAmp.ClientCertificates : AgentCertificateMode.None;
        return new ListenerTls(Certificate(files), clientCertificates);
    }

    private ReloadingServerCertificate Certificate(CertificateFiles files)
    {
        lock (_lock)
        {
            if (!_byFiles.TryGetValue(files, out var certificate))
            {
                certificate = new ReloadingServerCertificate(files, options.Value.ReloadInterval, clock, loggers.CreateLogger<ReloadingServerCertificate>());
                _byFiles[files] = certificate;
            }
            return certificate;
        }
    }
}
