namespace Fleet.Tests.Security.Tls;

/// <summary>The TLS gateway with <c>Fleet:Gateway:Tls:OpAmp:ClientCertificates=Require</c>.</summary>
public sealed class RequiredClientCertificateGatewayFixture : TlsGatewayFixture
{
    protected override IEnumerable<string> Settings => ["--Fleet:Gateway:Tls:OpAmp:ClientCertificates=Require"];
}
