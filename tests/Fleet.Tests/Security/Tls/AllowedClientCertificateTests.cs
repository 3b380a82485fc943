using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Security.Tls;

public class AllowedClientCertificateTests(AllowedClientCertificateGatewayFixture gateway) : IClassFixture<AllowedClientCertificateGatewayFixture>
{
    [Fact]
    public async Task WebSocketAgent_NoClientCertificate_Connects()
    {
        await using var agent = await gateway.StartAgent(gateway.WebSocketEndpoint, "no-certificate");

        await gateway.Api.AgentWhen(agent.InstanceUid, a => a.Connected(), "an agent without a certificate is served");
    }

    [Fact]
    public async Task WebSocketAgent_SelfSignedClientCertificate_Connects()
    {
        var uid = Guid.CreateVersion7();
        using var selfSigned = TestCertificates.AgentLike(uid, issuer: null);

        await using var agent = await gateway.StartAgent(gateway.WebSocketEndpoint, "self-signed", selfSigned, uid);

        await gateway.Api.AgentWhen(uid, a => a.Connected(), "an agent with any certificate is served");
    }
}
