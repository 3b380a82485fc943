namespace Fleet.Grains.Connections;

/// <summary>The CA that signs agents' client certificates (section "Fleet:Certificates").</summary>
public sealed class CertificateAuthorityOptions
{
    public const string Section = "Fleet:Certificates";

    /// <summary>PEM files of the CA certificate and its private key. Without them a throwaway CA is made at start-up (development only: every restart, and every silo, gets a different one).</summary>
    public string? CaCertificatePath { get; set; }
    public string? CaKeyPath { get; set; }

    public TimeSpan Validity { get; set; } = TimeSpan.FromDays(30);
}
