using System.Security.Cryptography.X509Certificates;
using Fleet.Gateway.Security.Tls;
using Fleet.Grains.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Tests.Security.Tls;

public class AgentCertificateValidatorTests
{
    private static readonly Guid Agent = Guid.CreateVersion7();

    /// <summary>The server's CA as the grains run it, from a CA the test holds the key of (to make odd certificates with it).</summary>
    private sealed class FleetCa : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("fleet-ca-").FullName;

        public FleetCa()
        {
            Certificate = TestCertificates.OtherCa("Fleet test CA");
            var certificatePath = Path.Combine(_folder, "ca.crt");
            var keyPath = Path.Combine(_folder, "ca.key");
            File.WriteAllText(certificatePath, TestCertificates.CertificatePem(Certificate));
            File.WriteAllText(keyPath, TestCertificates.KeyPem(Certificate));
            Authority = new CertificateAuthority(
                Options.Create(new CertificateAuthorityOptions { CaCertificatePath = certificatePath, CaKeyPath = keyPath }),
                TimeProvider.System,
                NullLogger<CertificateAuthority>.Instance);
        }

        public X509Certificate2 Certificate { get; }

        public CertificateAuthority Authority { get; }

        public AgentCertificateValidator Validator(TimeProvider? clock = null) =>
            new(() => Task.FromResult(Authority.CertificatePem), clock ?? TimeProvider.System, NullLogger<AgentCertificateValidator>.Instance);

        public X509Certificate2 Issue(Guid agent)
        {
            var (certificatePem, keyPem, _) = Authority.IssueWithNewKey(agent);
            return X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void TryGetAgentUid_IssuedByFleetCa_ReturnsUidOfSan()
    {
        using var ca = new FleetCa();
        using var certificate = ca.Issue(Agent);

        Assert.True(ca.Validator().TryGetAgentUid(certificate, out var uid));
        Assert.Equal(Agent, uid);
    }

    [Fact]
    public void TryGetAgentUid_SignedCsr_ReturnsUid()
    {
        using var ca = new FleetCa();
        using var key = System.Security.Cryptography.ECDsa.Create();
        var csr = new CertificateRequest("CN=anything", key, System.Security.Cryptography.HashAlgorithmName.SHA256).CreateSigningRequestPem();
        var (pem, _) = ca.Authority.Sign(System.Text.Encoding.ASCII.GetBytes(csr), Agent);
        using var certificate = X509Certificate2.CreateFromPem(pem);

        Assert.True(ca.Validator().TryGetAgentUid(certificate, out var uid));
        Assert.Equal(Agent, uid);
    }

    [Fact]
    public void TryGetAgentUid_SelfSignedWithSameSubjectAndSan_Rejected()
    {
        using var ca = new FleetCa();
        using var forged = TestCertificates.AgentLike(Agent, issuer: null);

        Assert.False(ca.Validator().TryGetAgentUid(forged, out var uid));
        Assert.Equal(Guid.Empty, uid);
    }

    [Fact]
    public void TryGetAgentUid_FromAnotherCaWithSameShape_Rejected()
    {
        using var ca = new FleetCa();
        using var other = TestCertificates.OtherCa("Fleet test CA");
        using var foreign = TestCertificates.AgentLike(Agent, other);

        Assert.False(ca.Validator().TryGetAgentUid(foreign, out _));
    }

    [Fact]
    public void TryGetAgentUid_ExpiredIssuedCertificate_Rejected()
    {
        using var ca = new FleetCa();
        using var certificate = ca.Issue(Agent);
        var clock = new FixedClock(DateTimeOffset.UtcNow);
        var validator = ca.Validator(clock);
        Assert.True(validator.TryGetAgentUid(certificate, out _));

        clock.Advance(new CertificateAuthorityOptions().Validity + TimeSpan.FromDays(1));

        Assert.False(validator.TryGetAgentUid(certificate, out _));
    }

    [Fact]
    public void TryGetAgentUid_FleetCaButServerAuthenticationOnly_Rejected()
    {
        using var ca = new FleetCa();
        using var serverOnly = TestCertificates.AgentLike(Agent, ca.Certificate, usage: TestCertificates.ServerAuthentication);

        Assert.False(ca.Validator().TryGetAgentUid(serverOnly, out _));
    }

    [Fact]
    public void TryGetAgentUid_FleetCaButNoInstanceUri_Rejected()
    {
        using var ca = new FleetCa();
        using var unnamed = TestCertificates.AgentLike(Agent, ca.Certificate, instanceUri: false);

        Assert.False(ca.Validator().TryGetAgentUid(unnamed, out _));
    }

    [Fact]
    public async Task AgentUidAsync_CaUnreachableThenReachable_NullThenUid()
    {
        using var ca = new FleetCa();
        using var certificate = ca.Issue(Agent);
        var reachable = false;
        var validator = new AgentCertificateValidator(
            () => reachable ? Task.FromResult(ca.Authority.CertificatePem) : Task.FromException<string>(new TimeoutException("no silo yet")),
            TimeProvider.System,
            NullLogger<AgentCertificateValidator>.Instance);

        Assert.Null(await validator.AgentUidAsync(certificate));
        reachable = true;

        Assert.Equal(Agent, await validator.AgentUidAsync(certificate));
    }
}
