using System.Security.Cryptography.X509Certificates;
using Fleet.Client;
using Fleet.Gateway;
using Fleet.Grains.Connections;
using Fleet.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Security.Tls;

/// <summary>
/// A real gateway (embedded silo) whose two listeners serve TLS from a kubelet-style secret mount
/// holding a self-signed certificate, re-read every <see cref="ReloadInterval"/>. Clients trust the
/// certificates of <see cref="ServerCertificates"/> through Fleet.Client's own CA option.
/// </summary>
public class TlsGatewayFixture : IAsyncLifetime
{
    public static readonly TimeSpan ReloadInterval = TimeSpan.FromMilliseconds(200);
    private WebApplication? _app;

    public TlsGatewayFixture()
    {
        ServerCertificates = [TestCertificates.SelfSignedServer("fleet-test-a"), TestCertificates.SelfSignedServer("fleet-test-b")];
        Secret = new SecretMount(CertificateA);
        ClientTls = new OpAmpClientTlsOptions { ServerCaPem = string.Join("\n", ServerCertificates.Select(TestCertificates.CertificatePem)) };
        Api = new HttpClient(OpAmpHttpHandlers.Create(null, ClientTls));
    }

    /// <summary>Both listeners start with A; tests swap in B.</summary>
    public IReadOnlyList<X509Certificate2> ServerCertificates { get; }

    public X509Certificate2 CertificateA => ServerCertificates[0];

    public X509Certificate2 CertificateB => ServerCertificates[1];

    public SecretMount Secret { get; }

    /// <summary>Trusts A and B (self-signed: each is its own CA).</summary>
    public OpAmpClientTlsOptions ClientTls { get; }

    /// <summary>The management API over https.</summary>
    public HttpClient Api { get; }

    public int OpAmpPort { get; private set; }

    public int ManagementPort { get; private set; }

    public Uri WebSocketEndpoint => new($"wss://127.0.0.1:{OpAmpPort}/v1/opamp");

    public Uri HttpEndpoint => new($"https://127.0.0.1:{OpAmpPort}/v1/opamp");

    public IServiceProvider Services => _app!.Services;

    protected virtual IEnumerable<string> Settings => [];

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(4);
        (OpAmpPort, ManagementPort) = (ports[0], ports[1]);
        string[] args =
        [
            .. GatewayFixture.Arguments(ports),
            $"--Fleet:Gateway:Tls:CertificatePath={Secret.CertificatePath}",
            $"--Fleet:Gateway:Tls:KeyPath={Secret.KeyPath}",
            $"--Fleet:Gateway:Tls:ReloadInterval={ReloadInterval}",
            .. Settings,
        ];
        _app = GatewayApp.Build(args);
        await _app.StartAsync();
        Api.BaseAddress = new Uri($"https://127.0.0.1:{ManagementPort}");
        await Eventually.True(async () => (await Api.GetAsync("/health/ready")).IsSuccessStatusCode, "the gateway is ready over https", TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Secret.Dispose();
    }

    /// <summary>A client certificate from the gateway's own CA, as certificate rotation hands it to an agent.</summary>
    public X509Certificate2 IssueAgentCertificate(Guid agent)
    {
        var (certificatePem, keyPem, _) = Services.GetRequiredService<CertificateAuthority>().IssueWithNewKey(agent);
        return X509Certificate2.CreateFromPem(certificatePem, keyPem);
    }

    /// <summary>An agent of the Fleet client library over wss:// or https://, trusting the test certificates.</summary>
    public async Task<OpAmpClient> StartAgent(Uri endpoint, string name, X509Certificate2? clientCertificate = null, Guid? uid = null)
    {
        var client = new OpAmpClient(new OpAmpClientOptions
        {
            Endpoint = endpoint,
            InstanceUid = uid ?? Guid.CreateVersion7(),
            Description = Infrastructure.Agents.Description(name),
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            Reconnect = false,
            Tls = ClientTls with { ClientCertificate = clientCertificate },
        });
        await client.StartAsync(CancellationToken.None);
        return client;
    }
}
