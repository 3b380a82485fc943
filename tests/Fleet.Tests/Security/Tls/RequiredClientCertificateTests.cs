using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Fleet.Client;
using Fleet.Gateway.Security.Tls;
using Fleet.Grains.Connections;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Security.Tls;

public class RequiredClientCertificateTests(RequiredClientCertificateGatewayFixture gateway) : IClassFixture<RequiredClientCertificateGatewayFixture>
{
    [Fact]
    public async Task WebSocketAgent_NoClientCertificate_Refused()
    {
        var agent = new OpAmpClient(new OpAmpClientOptions { Endpoint = gateway.WebSocketEndpoint, Reconnect = false, Tls = gateway.ClientTls });
        await using (agent)
        {
            await Assert.ThrowsAsync<WebSocketException>(() => agent.StartAsync(CancellationToken.None));
        }
    }

    [Fact]
    public async Task HttpPost_NoClientCertificate_Refused()
    {
        using var http = new HttpClient(OpAmpHttpHandlers.Create(null, gateway.ClientTls));
        using var body = new ByteArrayContent(Messages.First(Guid.CreateVersion7(), "no-certificate").ToByteArray());
        body.Headers.ContentType = new MediaTypeHeaderValue(OpAmpHttpConnection.ContentType);

        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(gateway.HttpEndpoint, body));
    }

    [Fact]
    public async Task WebSocketAgent_CertificateFromFleetCa_ConnectsAndIsIdentified()
    {
        var uid = Guid.CreateVersion7();
        using var certificate = gateway.IssueAgentCertificate(uid);

        await using var agent = await gateway.StartAgent(gateway.WebSocketEndpoint, "mtls-wss", certificate, uid);

        await gateway.Api.AgentWhen(uid, a => a.Connected(), "the agent with a Fleet CA certificate is connected");
        // The validator registered in the gateway, asking the CA grain for the CA itself.
        var validator = gateway.Services.GetRequiredService<AgentCertificateValidator>();
        Assert.Equal(uid, await validator.AgentUidAsync(certificate));
    }

    [Fact]
    public async Task HttpAgent_CertificateFromFleetCa_Served()
    {
        var uid = Guid.CreateVersion7();
        using var certificate = gateway.IssueAgentCertificate(uid);

        await using var agent = await gateway.StartAgent(gateway.HttpEndpoint, "mtls-https", certificate, uid);

        await gateway.Api.AgentWhen(uid, a => a.Connected(), "the HTTP agent with a Fleet CA certificate is served");
    }

    [Fact]
    public async Task WebSocketAgent_CertificateFromAnotherCa_HandshakeLeavesTheDecisionToTheValidator()
    {
        var uid = Guid.CreateVersion7();
        using var otherCa = TestCertificates.OtherCa("not the Fleet CA");
        using var foreign = TestCertificates.AgentLike(uid, otherCa);

        await using var agent = await gateway.StartAgent(gateway.WebSocketEndpoint, "foreign-ca", foreign, uid);

        await gateway.Api.AgentWhen(uid, a => a.Connected(), "TLS does not judge the chain");
        Assert.Null(await gateway.Services.GetRequiredService<AgentCertificateValidator>().AgentUidAsync(foreign));
    }
}
