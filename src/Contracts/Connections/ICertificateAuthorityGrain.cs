namespace Fleet.Contracts.Connections;

/// <summary>The server's CA, for operators and agents that need to trust the certificates it issues.</summary>
[Alias("fleet.certificate-authority")]
public interface ICertificateAuthorityGrain : IGrainWithIntegerKey
{
    [Alias("ca-pem")]
    Task<string> CertificatePem();
}
