using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Fleet.Gateway.Security.Tls;

/// <summary>The TLS side of one listener: the current server certificate and whether a client certificate is asked for.</summary>
public sealed class ListenerTls(ReloadingServerCertificate certificate, AgentCertificateMode clientCertificates)
{
    public ReloadingServerCertificate Certificate { get; } = certificate;

    public AgentCertificateMode ClientCertificates { get; } = clientCertificates;

    /// <summary>Options for one handshake, made per connection so a renewed certificate is picked up at once.</summary>
    public SslServerAuthenticationOptions HandshakeOptions()
    {
        var options = new SslServerAuthenticationOptions { ServerCertificateContext = Certificate.Context };
        if (ClientCertificates != AgentCertificateMode.None)
        {
            options.ClientCertificateRequired = true;
            options.RemoteCertificateValidationCallback = AcceptClientCertificate;
            // Whose certificates count is decided by AgentCertificateValidator against the Fleet CA, not
            // here: the handshake only needs not to block on revocation lists or missing intermediates.
            options.CertificateRevocationCheckMode = X509RevocationMode.NoCheck;
            options.CertificateChainPolicy = new X509ChainPolicy
            {
                RevocationMode = X509RevocationMode.NoCheck,
                DisableCertificateDownloads = true,
            };
        }
        return options;
    }

    private bool AcceptClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null || ClientCertificates == AgentCertificateMode.Allow;
}
