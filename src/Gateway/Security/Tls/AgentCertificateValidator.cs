using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fleet.Gateway.Security.Tls;

/// <summary>
/// Tells which agent a client certificate names, when the Fleet CA issued it: the chain must end at
/// that CA and nothing else (no system roots, no online revocation or downloads), the certificate must
/// be valid now and allow client authentication, and the agent is the instance uid of its SAN URI
/// <c>urn:opamp:instance:&lt;uid&gt;</c>. The CA certificate comes from the CA grain, asked once it is
/// first needed (the grains are not reachable before the Orleans client is up) and kept.
/// </summary>
public sealed partial class AgentCertificateValidator(Func<Task<string>> caCertificatePem, TimeProvider clock, ILogger<AgentCertificateValidator> logger)
{
    public const string InstanceUriPrefix = "urn:opamp:instance:";
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private static readonly Asn1Tag UriName = new(TagClass.ContextSpecific, 6);
    private readonly Lock _lock = new();
    private Task<X509Certificate2>? _ca;

    /// <summary>
    /// The agent the certificate names, or null when it is not a valid certificate of the Fleet CA.
    /// Asks the CA grain first if the CA is not known yet.
    /// </summary>
    public async Task<Guid?> AgentUidAsync(X509Certificate2 clientCertificate, CancellationToken cancellationToken = default)
    {
        try
        {
            await CertificateAuthority().WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCaUnavailable(logger, e);
            return null;
        }
        return TryGetAgentUid(clientCertificate, out var uid) ? uid : null;
    }

    /// <summary>
    /// Synchronous form for callers that cannot await: false (and the CA asked for in the background)
    /// while the CA is not known yet, so prefer <see cref="AgentUidAsync"/> on a request path.
    /// </summary>
    public bool TryGetAgentUid(X509Certificate2 clientCertificate, out Guid uid)
    {
        uid = Guid.Empty;
        var ca = CertificateAuthority();
        if (!ca.IsCompletedSuccessfully)
        {
            LogCaNotYetKnown(logger, clientCertificate.Thumbprint);
            return false;
        }
        if (Rejection(clientCertificate, ca.Result, out uid) is { } reason)
        {
            LogRejected(logger, clientCertificate.Subject, clientCertificate.Thumbprint, reason);
            uid = Guid.Empty;
            return false;
        }
        return true;
    }

    private Task<X509Certificate2> CertificateAuthority()
    {
        lock (_lock)
        {
            // A failed fetch (grains not reachable yet) is asked again next time rather than kept.
            if (_ca is null || _ca.IsFaulted || _ca.IsCanceled)
            {
                _ca = FetchCertificateAuthority();
            }
            return _ca;
        }
    }

    private async Task<X509Certificate2> FetchCertificateAuthority() => X509Certificate2.CreateFromPem(await caCertificatePem());

    /// <summary>Why the certificate is refused, or null when it is accepted (then uid is set).</summary>
    private string? Rejection(X509Certificate2 certificate, X509Certificate2 ca, out Guid uid)
    {
        uid = Guid.Empty;
        if (!AllowsClientAuthentication(certificate))
        {
            return "no client-authentication extended key usage";
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        chain.ChainPolicy.VerificationTime = clock.GetUtcNow().UtcDateTime;
        try
        {
            if (!chain.Build(certificate))
            {
                return "chain: " + string.Join(", ", chain.ChainStatus.Select(s => s.Status));
            }
        }
        catch (CryptographicException e)
        {
            return "chain: " + e.Message;
        }
        uid = InstanceUid(certificate) ?? Guid.Empty;
        return uid == Guid.Empty ? $"no single {InstanceUriPrefix}<uid> subject alternative name" : null;
    }

    /// <summary>The EKU must be present and list client authentication: no EKU would mean "any purpose".</summary>
    private static bool AllowsClientAuthentication(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e =>
            e.EnhancedKeyUsages.Cast<Oid>().Any(u => u.Value == ClientAuthentication.Value));

    /// <summary>The one uid named by a <c>urn:opamp:instance:</c> URI in the SAN; null if none or several differ.</summary>
    internal static Guid? InstanceUid(X509Certificate2 certificate)
    {
        // .NET reads DNS names and IP addresses from a SAN, not URIs: read the GeneralNames ourselves.
        if (certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault() is not { } san)
        {
            return null;
        }
        Guid? uid = null;
        try
        {
            var names = new AsnReader(san.RawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                if (!names.PeekTag().HasSameClassAndValue(UriName))
                {
                    names.ReadEncodedValue();
                    continue;
                }
                var uri = names.ReadCharacterString(UniversalTagNumber.IA5String, UriName);
                if (uri.StartsWith(InstanceUriPrefix, StringComparison.OrdinalIgnoreCase)
                    && Guid.TryParse(uri.AsSpan(InstanceUriPrefix.Length), out var named))
                {
                    if (uid is not null && uid != named)
                    {
                        return null;
                    }
                    uid = named;
                }
            }
        }
        catch (AsnContentException)
        {
            return null;
        }
        return uid;
    }
}
