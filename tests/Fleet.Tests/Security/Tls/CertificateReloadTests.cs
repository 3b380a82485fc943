using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Security.Tls;

/// <summary>Each test changes the certificate files, so each gets a gateway of its own.</summary>
public class CertificateReloadTests : IAsyncLifetime
{
    private readonly TlsGatewayFixture _gateway = new();

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task SecretSwapped_AfterReloadInterval_NewConnectionsSeeNewCertificateWhileAgentStaysConnected()
    {
        await using var agent = await _gateway.StartAgent(_gateway.WebSocketEndpoint, "before-renewal");
        await _gateway.Api.AgentWhen(agent.InstanceUid, a => a.Connected(), "the agent is connected with certificate A");

        _gateway.Secret.Swap(_gateway.CertificateB);

        await ServedCertificateBecomes(_gateway.CertificateB.Thumbprint);
        using var management = await TlsProbe.ServerCertificate(_gateway.ManagementPort);
        Assert.Equal(_gateway.CertificateB.Thumbprint, management.Thumbprint);
        await using var renewed = await _gateway.StartAgent(_gateway.WebSocketEndpoint, "after-renewal");
        await _gateway.Api.AgentWhen(renewed.InstanceUid, a => a.Connected(), "a new agent connects with certificate B");
        Assert.True((await _gateway.Api.Agent(agent.InstanceUid))!.Value.Connected(), "the agent connected before the renewal is still connected");
    }

    [Fact]
    public async Task FilesOverwrittenInPlace_AfterReloadInterval_NewConnectionsSeeNewCertificate()
    {
        _gateway.Secret.Overwrite(_gateway.CertificateB);

        await ServedCertificateBecomes(_gateway.CertificateB.Thumbprint);
    }

    [Fact]
    public async Task CorruptFiles_AfterRenewal_PreviousCertificateKept()
    {
        _gateway.Secret.Swap(_gateway.CertificateB);
        await ServedCertificateBecomes(_gateway.CertificateB.Thumbprint);

        // Half written: the certificate cut short, the key of another certificate.
        var pem = TestCertificates.CertificatePem(_gateway.CertificateA);
        _gateway.Secret.Overwrite(pem[..(pem.Length / 2)], TestCertificates.KeyPem(_gateway.CertificateA));
        await Task.Delay(TlsGatewayFixture.ReloadInterval * 3);

        for (var i = 0; i < 3; i++)
        {
            using var served = await TlsProbe.ServerCertificate(_gateway.OpAmpPort);
            Assert.Equal(_gateway.CertificateB.Thumbprint, served.Thumbprint);
            await Task.Delay(TlsGatewayFixture.ReloadInterval);
        }
        await using var agent = await _gateway.StartAgent(_gateway.HttpEndpoint, "during-corruption");
        await _gateway.Api.AgentWhen(agent.InstanceUid, a => a.Connected(), "agents are still served");
    }

    [Fact]
    public async Task KeyNotMatchingYet_ThenMatching_CertificateLoadedOnceComplete()
    {
        // A writer that replaces the certificate first and the key a moment later.
        _gateway.Secret.Overwrite(TestCertificates.CertificatePem(_gateway.CertificateB), TestCertificates.KeyPem(_gateway.CertificateA));
        await Task.Delay(TlsGatewayFixture.ReloadInterval * 3);
        using (var meanwhile = await TlsProbe.ServerCertificate(_gateway.OpAmpPort))
        {
            Assert.Equal(_gateway.CertificateA.Thumbprint, meanwhile.Thumbprint);
        }

        _gateway.Secret.Overwrite(_gateway.CertificateB);

        await ServedCertificateBecomes(_gateway.CertificateB.Thumbprint);
    }

    private Task ServedCertificateBecomes(string thumbprint) =>
        Eventually.True(
            async () =>
            {
                using var served = await TlsProbe.ServerCertificate(_gateway.OpAmpPort);
                return served.Thumbprint == thumbprint;
            },
            $"new handshakes present {thumbprint}",
            TimeSpan.FromSeconds(5));
}
