using System.Security.Cryptography.X509Certificates;

namespace Fleet.Client;

/// <summary>TLS for wss:// and https:// endpoints beyond the system defaults: a private CA, a client certificate.</summary>
public sealed record OpAmpClientTlsOptions
{
    /// <summary>
    /// PEM of the CA certificate(s) that issued the server's certificate, or of a self-signed server
    /// certificate, trusted in addition to the system's roots (private PKI, development). The host name
    /// must still match the certificate.
    /// </summary>
    public string? ServerCaPem { get; init; }

    /// <summary>Presented when the server asks for a client certificate (mTLS); it must carry its private key.</summary>
    public X509Certificate2? ClientCertificate { get; init; }
}
