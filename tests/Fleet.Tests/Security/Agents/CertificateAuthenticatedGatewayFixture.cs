using Fleet.Tests.Security.Tls;

namespace Fleet.Tests.Security.Agents;

/// <summary>Mutual TLS on the OpAMP listener and agent authentication required, with no enrollment token at all.</summary>
public sealed class CertificateAuthenticatedGatewayFixture : TlsGatewayFixture
{
    protected override IEnumerable<string> Settings =>
    [
        "--Fleet:Gateway:Tls:OpAmp:ClientCertificates=Allow",
        "--Fleet:Security:Agents:Required=true",
    ];
}
