namespace Fleet.Gateway.Security.Tls;

/// <summary>
/// TLS of the gateway's two listeners (section "Fleet:Gateway:Tls"), from PEM files such as a mounted
/// Kubernetes TLS secret. A listener without a certificate path (its own or the shared default) stays
/// plain HTTP.
/// </summary>
public sealed class GatewayTlsOptions
{
    public const string Section = "Fleet:Gateway:Tls";

    /// <summary>Certificate (leaf first, then intermediates) for both listeners unless a listener names its own.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Private key of <see cref="CertificatePath"/> (PKCS#8, PKCS#1 or SEC1 PEM, unencrypted).</summary>
    public string? KeyPath { get; set; }

    public OpAmpTlsOptions OpAmp { get; set; } = new();

    public ListenerTlsOptions Management { get; set; } = new();

    /// <summary>
    /// How often, at most, the files are looked at again for a renewed certificate (checked on the next
    /// handshake after this long).
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The certificate and key files of a listener, or null when it stays plain HTTP.</summary>
    public CertificateFiles? FilesOf(ListenerTlsOptions listener)
    {
        var certificate = listener.CertificatePath is { Length: > 0 } own ? own : CertificatePath;
        var key = listener.CertificatePath is { Length: > 0 } ? listener.KeyPath : KeyPath;
        if (string.IsNullOrEmpty(certificate))
        {
            return null;
        }
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidOperationException($"{Section}: a certificate path ({certificate}) without a key path");
        }
        return new CertificateFiles(Path.GetFullPath(certificate), Path.GetFullPath(key));
    }
}
