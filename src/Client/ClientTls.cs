using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Fleet.Client;

/// <summary>Applies <see cref="OpAmpClientTlsOptions"/> to the handler both transports connect through.</summary>
internal static class ClientTls
{
    public static void Apply(SocketsHttpHandler handler, OpAmpClientTlsOptions? tls)
    {
        if (tls?.ClientCertificate is { } clientCertificate)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
            // Presented whichever issuers the server lists: deciding which CA counts is the server's job.
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }
        if (tls?.ServerCaPem is { Length: > 0 } pem)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(pem);
            if (roots.Count == 0)
            {
                // Most likely a file path where the file's contents were meant.
                throw new ArgumentException("OpAmpClientTlsOptions.ServerCaPem holds no PEM certificate", nameof(tls));
            }
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => TrustedServer(certificate, chain, errors, roots);
        }
    }

    private static bool TrustedServer(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        // A wrong host name or no certificate at all is never made good by a trusted CA.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is not X509Certificate2 server)
        {
            return false;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        if (chain is not null)
        {
            // The intermediates the server sent.
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.DisableCertificateDownloads = true;
        return custom.Build(server);
    }
}
