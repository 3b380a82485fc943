namespace Fleet.Gateway.Security.Tls;

/// <summary>The OpAMP listener's certificate, and whether agents present client certificates (mTLS).</summary>
public sealed class OpAmpTlsOptions : ListenerTlsOptions
{
    public AgentCertificateMode ClientCertificates { get; set; } = AgentCertificateMode.None;
}
