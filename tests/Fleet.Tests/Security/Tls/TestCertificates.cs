using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fleet.Tests.Security.Tls;

/// <summary>Certificates made in the test, the way an operator's tooling or another CA would make them.</summary>
public static class TestCertificates
{
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>A self-signed server certificate for 127.0.0.1 and localhost, as for a development gateway.</summary>
    public static X509Certificate2 SelfSignedServer(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A CA other than the Fleet one.</summary>
    public static X509Certificate2 OtherCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>
    /// A client certificate shaped like the Fleet CA's (CN and SAN URI naming the agent, client
    /// authentication) unless told otherwise, signed by <paramref name="issuer"/>, or self-signed when it is null.
    /// </summary>
    public static X509Certificate2 AgentLike(Guid agent, X509Certificate2? issuer, string usage = ClientAuthentication, bool instanceUri = true)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={agent}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(instanceUri ? $"urn:opamp:instance:{agent}" : $"spiffe://example.org/agent/{agent}"));
        request.CertificateExtensions.Add(san.Build());
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = DateTimeOffset.UtcNow.AddDays(1);
        if (issuer is null)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }
        using var signed = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        return signed.CopyWithPrivateKey(key);
    }

    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    public static string KeyPem(X509Certificate2 certificate) =>
        certificate.GetECDsaPrivateKey()?.ExportPkcs8PrivateKeyPem()
        ?? throw new InvalidOperationException("an ECDSA certificate with its private key was expected");
}
