namespace Fleet.Tests.Security.Tls;

/// <summary>The TLS gateway with <c>Fleet:Gateway:Tls:OpAmp:ClientCertificates=Allow</c>.</summary>
public sealed class AllowedClientCertificateGatewayFixture : TlsGatewayFixture
{
    protected override IEnumerable<string> Settings => ["--Fleet:Gateway:Tls:OpAmp:ClientCertificates=Allow"];
}
