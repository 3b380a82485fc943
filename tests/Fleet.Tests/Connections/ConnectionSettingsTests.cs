using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Connections;

public class ConnectionSettingsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const ulong Caps = Messages.Caps | (ulong)(AgentCapabilities.AcceptsOpAmpconnectionSettings | AgentCapabilities.ReportsOwnMetrics | AgentCapabilities.ReportsConnectionSettingsStatus);

    private async Task<X509Certificate2> CertificateAuthority()
    {
        var pem = await gateway.Api.GetStringAsync("/api/certificates/ca");
        return X509Certificate2.CreateFromPem(pem);
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    [Fact]
    public async Task CertificateRequest_ValidCsr_SignedCertificateValidatesAgainstCa()
    {
        var uid = Guid.CreateVersion7();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=whatever-the-agent-asks", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        var first = Messages.First(uid, "csr-agent", Caps);
        first.ConnectionSettingsRequest = new ConnectionSettingsRequest { Opamp = new OpAMPConnectionSettingsRequest { CertificateRequest = new Fleet.Contracts.OpAmp.CertificateRequest { Csr = ByteString.CopyFromUtf8(csr) } } };
        await socket.Send(first);

        var reply = await socket.Receive();

        var offered = reply.ConnectionSettings.Opamp.Certificate;
        Assert.True(offered.PrivateKey.IsEmpty, "the agent keeps its own key");
        using var certificate = X509Certificate2.CreateFromPem(offered.Cert.ToStringUtf8());
        Assert.Equal($"CN={uid}", certificate.Subject);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        using var ca = await CertificateAuthority();
        Assert.True(ChainsTo(certificate, ca));
        Assert.Equal(ca.ExportCertificatePem(), offered.CaCert.ToStringUtf8().Trim());
        var detail = await gateway.AgentWhen(uid, a => a.GetProperty("certificate").ValueKind == JsonValueKind.Object, "the issued certificate is tracked");
        Assert.Equal(certificate.SerialNumber, detail.GetProperty("certificate").GetProperty("serialNumber").GetString());
    }

    [Fact]
    public async Task CertificateRequest_Garbage_NoCertificateAndAgentStillServed()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        var first = Messages.First(uid, "bad-csr", Caps);
        first.ConnectionSettingsRequest = new ConnectionSettingsRequest { Opamp = new OpAMPConnectionSettingsRequest { CertificateRequest = new Fleet.Contracts.OpAmp.CertificateRequest { Csr = ByteString.CopyFromUtf8("-----BEGIN CERTIFICATE REQUEST-----\nnope\n-----END CERTIFICATE REQUEST-----") } } };
        await socket.Send(first);

        var reply = await socket.Receive();

        Assert.Null(reply.ErrorResponse);
        Assert.Null(reply.ConnectionSettings?.Opamp?.Certificate);
        await gateway.AgentWhen(uid, a => a.Connected(), "the agent is served");
    }

    [Fact]
    public async Task Rotate_ConnectedAgent_NewKeyAndCertificatePushed()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid, "rotating", Caps));
        await socket.Receive();

        var response = await gateway.Api.PostAsync($"/api/agents/{uid}/certificate/rotate", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var push = await socket.Receive();

        var offered = push.ConnectionSettings.Opamp.Certificate;
        using var certificate = X509Certificate2.CreateFromPem(offered.Cert.ToStringUtf8(), offered.PrivateKey.ToStringUtf8());
        Assert.True(certificate.HasPrivateKey);
        using var ca = await CertificateAuthority();
        Assert.True(ChainsTo(certificate, ca));
        Assert.Equal(Convert.ToHexStringLower(push.ConnectionSettings.Hash.Span), (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hash").GetString());
    }

    [Fact]
    public async Task SetConnectionSettings_OfferedWithStableHash_StatusTracked_NotResent()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid, "settings", Caps));
        await socket.Receive();
        var body = new
        {
            opamp = new { destinationEndpoint = "wss://opamp.example.com/v1/opamp", headers = new Dictionary<string, string> { ["Authorization"] = "Bearer t" } },
            ownMetrics = new { destinationEndpoint = "http://otel-collector:4318" },
        };

        var first = await (await gateway.Api.PutAsJsonAsync($"/api/agents/{uid}/connection-settings", body)).Content.ReadFromJsonAsync<JsonElement>();
        var offer = (await socket.Receive()).ConnectionSettings;
        Assert.Equal("wss://opamp.example.com/v1/opamp", offer.Opamp.DestinationEndpoint);
        Assert.Equal("Bearer t", offer.Opamp.Headers.Headers_.Single(h => h.Key == "Authorization").Value);
        Assert.Equal("http://otel-collector:4318", offer.OwnMetrics.DestinationEndpoint);
        var again = await (await gateway.Api.PutAsJsonAsync($"/api/agents/{uid}/connection-settings", body)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("hash").GetString(), again.GetProperty("hash").GetString());

        var applied = Messages.Next(uid, 2, Caps);
        applied.ConnectionSettingsStatus = new ConnectionSettingsStatus { LastConnectionSettingsHash = offer.Hash, Status = ConnectionSettingsStatuses.Applied };
        await socket.Send(applied);
        var reply = await socket.Receive();

        Assert.Null(reply.ConnectionSettings);
        var detail = await gateway.AgentWhen(uid, a => a.GetProperty("connectionSettings").GetProperty("reportedStatus").GetString() == "APPLIED", "the agent's answer is tracked");
        Assert.Equal(first.GetProperty("hash").GetString(), detail.GetProperty("connectionSettings").GetProperty("offeredHash").GetString());
    }

    [Fact]
    public async Task Rotate_ClientLibraryAgent_StaysConnectedAndKeepsHeartbeating()
    {
        await using var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, "rotated-client", capabilities: Caps | (ulong)AgentCapabilities.ReportsHeartbeat);
        await gateway.AgentWhen(client.InstanceUid, a => a.Connected(), "connected");

        (await gateway.Api.PostAsync($"/api/agents/{client.InstanceUid}/certificate/rotate", null)).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(5)); // beyond the fixture's offline timeout (3 s, heartbeat 1 s)

        var agent = (await gateway.Agent(client.InstanceUid))!.Value;
        Assert.True(agent.Connected());
        Assert.True(DateTimeOffset.UtcNow - agent.GetProperty("lastSeen").GetDateTimeOffset() < TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task SetConnectionSettings_BadEndpoint_400()
    {
        var response = await gateway.Api.PutAsJsonAsync($"/api/agents/{Guid.CreateVersion7()}/connection-settings", new { opamp = new { destinationEndpoint = "ftp://nope" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SetConnectionSettings_ClassesTheAgentDoesNotDeclare_LeftOutOfTheOffer()
    {
        // Reports its own metrics, accepts no OpAMP or other connection settings.
        const ulong metricsOnly = (ulong)(AgentCapabilities.ReportsStatus | AgentCapabilities.ReportsOwnMetrics);
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid, "metrics-only", metricsOnly));
        await socket.Receive();
        var body = new
        {
            opamp = new { destinationEndpoint = "wss://opamp.example.com/v1/opamp" },
            ownMetrics = new { destinationEndpoint = "http://otel-collector:4318" },
            otherConnections = new Dictionary<string, object> { ["exporter"] = new { destinationEndpoint = "http://other" } },
        };

        (await gateway.Api.PutAsJsonAsync($"/api/agents/{uid}/connection-settings", body)).EnsureSuccessStatusCode();
        var offer = (await socket.Receive()).ConnectionSettings;

        Assert.Equal("http://otel-collector:4318", offer.OwnMetrics.DestinationEndpoint);
        Assert.Null(offer.Opamp);
        Assert.Empty(offer.OtherConnections);
    }

    [Fact]
    public async Task SetConnectionSettings_NoneTheAgentCanUse_409()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid, "no-settings", (ulong)AgentCapabilities.ReportsStatus));
        await socket.Receive();

        var response = await gateway.Api.PutAsJsonAsync($"/api/agents/{uid}/connection-settings", new { opamp = new { destinationEndpoint = "wss://opamp.example.com/v1/opamp" } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("AcceptsOpAMPConnectionSettings", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"opamp\":{\"heartbeatIntervalSeconds\":99999999999}}")]
    [InlineData("{\"ownMetrics\":{\"heartbeatIntervalSeconds\":30}}")]
    [InlineData("{\"otherConnections\":{\"\":{}}}")]
    public async Task SetConnectionSettings_InvalidField_400(string json)
    {
        var response = await gateway.Api.PutAsync($"/api/agents/{Guid.CreateVersion7()}/connection-settings", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
