using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Fleet.Client;
using Fleet.Grains.Connections;
using Fleet.Tests.Infrastructure;
using Fleet.Tests.Security.Tls;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Security.Agents;

/// <summary>Agents that authenticate with a client certificate from the server's CA instead of a token.</summary>
public class CertificateAuthenticationTests(CertificateAuthenticatedGatewayFixture gateway) : IClassFixture<CertificateAuthenticatedGatewayFixture>
{
    private async Task<HttpResponseMessage> Post(Guid uid, X509Certificate2? certificate)
    {
        using var http = new HttpClient(OpAmpHttpHandlers.Create(null, gateway.ClientTls with { ClientCertificate = certificate }));
        using var body = new ByteArrayContent(Messages.First(uid).ToByteArray());
        body.Headers.ContentType = new MediaTypeHeaderValue(OpAmpHttpConnection.ContentType);
        return await http.PostAsync(gateway.HttpEndpoint, body);
    }

    [Fact]
    public async Task WebSocketAgent_FleetCaCertificate_Admitted()
    {
        var uid = Guid.CreateVersion7();
        using var certificate = gateway.IssueAgentCertificate(uid);

        await using var agent = await gateway.StartAgent(gateway.WebSocketEndpoint, "mtls-only", certificate, uid);

        await gateway.Api.AgentWhen(uid, a => a.Connected(), "the agent authenticated by its certificate is connected");
    }

    [Fact]
    public async Task Post_CertificateOfAnotherAgent_Refused401()
    {
        using var certificate = gateway.IssueAgentCertificate(Guid.CreateVersion7());

        using var response = await Post(Guid.CreateVersion7(), certificate);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Upgrade_CertificateFromAnotherCaOrNone_Refused401()
    {
        var uid = Guid.CreateVersion7();
        using var otherCa = TestCertificates.OtherCa("not the Fleet CA");
        using var foreign = TestCertificates.AgentLike(uid, otherCa);

        using var withForeign = await Post(uid, foreign);
        using var withNone = await Post(uid, null);
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => gateway.StartAgent(gateway.WebSocketEndpoint, "foreign", foreign, uid));

        Assert.Equal(HttpStatusCode.Unauthorized, withForeign.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withNone.StatusCode);
        Assert.Contains("401", refused.Message);
    }
}
