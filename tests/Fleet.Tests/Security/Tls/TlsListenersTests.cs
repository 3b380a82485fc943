using System.Net;
using System.Net.Http.Headers;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Security.Tls;

public class TlsListenersTests(TlsGatewayFixture gateway) : IClassFixture<TlsGatewayFixture>
{
    [Fact]
    public async Task WebSocketAgent_OverWss_ListedConnectedByApiOverHttps()
    {
        await using var agent = await gateway.StartAgent(gateway.WebSocketEndpoint, "wss-agent");

        var listed = await gateway.Api.AgentWhen(agent.InstanceUid, a => a.Connected(), "the wss agent is listed connected");

        Assert.Equal("wss-agent", listed.ServiceName());
    }

    [Fact]
    public async Task HttpAgent_PostOverHttps_Served()
    {
        await using var agent = await gateway.StartAgent(gateway.HttpEndpoint, "https-agent");

        var listed = await gateway.Api.AgentWhen(agent.InstanceUid, a => a.Connected(), "the https agent is listed connected");

        Assert.Equal("https-agent", listed.ServiceName());
    }

    [Fact]
    public async Task Post_RawProtobufOverHttps_ReplyForTheAgent()
    {
        var uid = Guid.CreateVersion7();
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.HttpEndpoint)
        {
            Content = new ByteArrayContent(Messages.First(uid, "raw-https").ToByteArray()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

        using var response = await gateway.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = ServerToAgent.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Fleet.Contracts.Agents.InstanceUid.ToByteString(uid), reply.InstanceUid);
    }

    [Fact]
    public async Task Handshake_BothListeners_PresentCertificateFromFiles()
    {
        using var opAmp = await TlsProbe.ServerCertificate(gateway.OpAmpPort);
        using var management = await TlsProbe.ServerCertificate(gateway.ManagementPort);

        Assert.Equal(gateway.CertificateA.Thumbprint, opAmp.Thumbprint);
        Assert.Equal(gateway.CertificateA.Thumbprint, management.Thumbprint);
    }

    [Fact]
    public async Task PlainHttp_ToTlsListener_Refused()
    {
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync($"http://127.0.0.1:{gateway.ManagementPort}/health/live"));
    }
}
