using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fleet.Contracts.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Connections;

/// <summary>Signs agents' CSRs and issues certificates with server-made keys, from the configured CA.</summary>
public sealed partial class CertificateAuthority
{
    private readonly X509Certificate2 _ca;
    private readonly TimeSpan _validity;
    private readonly TimeProvider _clock;

    public CertificateAuthority(IOptions<CertificateAuthorityOptions> options, TimeProvider clock, ILogger<CertificateAuthority> logger)
    {
        _clock = clock;
        _validity = options.Value.Validity;
        if (options.Value is { CaCertificatePath: { Length: > 0 } certPath, CaKeyPath: { Length: > 0 } keyPath })
        {
            _ca = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        else
        {
            LogThrowawayCa(logger);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=Fleet development CA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            var now = clock.GetUtcNow();
            _ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));
        }
        CertificatePem = _ca.ExportCertificatePem();
    }

    public string CertificatePem { get; }

    /// <summary>Signs a PEM (or DER) CSR for the agent; the subject is always CN=&lt;instance uid&gt;.</summary>
    /// <exception cref="CryptographicException">The CSR does not parse or its signature is wrong.</exception>
    public (string CertificatePem, IssuedCertificate Issued) Sign(byte[] csr, Guid agent)
    {
        var text = System.Text.Encoding.ASCII.GetString(csr);
        var request = text.Contains("-----BEGIN CERTIFICATE REQUEST-----", StringComparison.Ordinal)
            ? CertificateRequest.LoadSigningRequestPem(text, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default)
            : CertificateRequest.LoadSigningRequest(csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        // Whatever the agent asked for, the certificate names the agent the server knows.
        var named = new CertificateRequest(new X500DistinguishedName($"CN={agent}"), request.PublicKey, HashAlgorithmName.SHA256);
        var certificate = Issue(named, agent);
        return (certificate.ExportCertificatePem(), Describe(certificate, serverKey: false));
    }

    /// <summary>A new key pair and certificate for the agent (rotation when the agent cannot make a CSR).</summary>
    public (string CertificatePem, string PrivateKeyPem, IssuedCertificate Issued) IssueWithNewKey(Guid agent)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = Issue(new CertificateRequest($"CN={agent}", key, HashAlgorithmName.SHA256), agent);
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), Describe(certificate, serverKey: true));
    }

    private X509Certificate2 Issue(CertificateRequest request, Guid agent)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false)); // client auth
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri($"urn:opamp:instance:{agent}"));
        request.CertificateExtensions.Add(san.Build());
        var now = _clock.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        return request.Create(_ca, now.AddMinutes(-5), now + _validity, serial);
    }

    private static IssuedCertificate Describe(X509Certificate2 certificate, bool serverKey) =>
        new(certificate.Subject, certificate.SerialNumber, certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime(), serverKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No CA configured (Fleet:Certificates:CaCertificatePath/CaKeyPath): using a throwaway development CA")]
    private static partial void LogThrowawayCa(ILogger logger);
}
