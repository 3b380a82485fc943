using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Transport;

public class HttpTransportTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static HttpContent Protobuf(byte[] body, bool gzip = false)
    {
        HttpContent content = new ByteArrayContent(gzip ? Gzip(body) : body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }
        return content;
    }

    private static byte[] Gzip(byte[] body)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(body);
        }
        return output.ToArray();
    }

    private Task<HttpResponseMessage> Post(HttpContent content) => gateway.OpAmpHttp.PostAsync("/v1/opamp", content);

    [Fact]
    public async Task Post_ValidMessage_ProtobufReplyWithExactContentType()
    {
        var uid = Guid.CreateVersion7();
        using var response = await Post(Protobuf(Messages.First(uid).ToByteArray()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.GetValues("Content-Type").Single());
        var reply = ServerToAgent.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(InstanceUid.ToByteString(uid), reply.InstanceUid);
    }

    [Fact]
    public async Task Post_GzipBodyAndAcceptEncoding_DecodedAndSmallReplyAsIs()
    {
        var uid = Guid.CreateVersion7();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/opamp") { Content = Protobuf(Messages.First(uid, "gzip").ToByteArray(), gzip: true) };
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var response = await gateway.OpAmpHttp.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A reply of a few dozen bytes would only grow in gzip.
        Assert.Empty(response.Content.Headers.ContentEncoding);
        var reply = ServerToAgent.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(InstanceUid.ToByteString(uid), reply.InstanceUid);
        await gateway.AgentWhen(uid, a => a.GetProperty("identifyingAttributes").GetProperty("service.name").GetString() == "gzip", "the gzip agent is known");
    }

    [Fact]
    public async Task Post_AcceptEncodingAndLargeReply_GzipReply()
    {
        var uid = Guid.CreateVersion7();
        using (var first = await Post(Protobuf(Messages.First(uid, "gzip-config").ToByteArray())))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        var config = string.Concat(Enumerable.Repeat("receivers: {otlp: {protocols: {grpc: {}}}}\n", 100));
        Assert.True((await gateway.SetConfig(uid, "collector.yaml", config)).IsSuccessStatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/opamp") { Content = Protobuf(Messages.Next(uid, 2).ToByteArray()) };
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var response = await gateway.OpAmpHttp.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        await using var body = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        var reply = ServerToAgent.Parser.ParseFrom(body);
        Assert.Equal(config, reply.RemoteConfig.Config.ConfigMap["collector.yaml"].Body.ToStringUtf8());
    }

    [Fact]
    public async Task Post_OversizeBody_413()
    {
        using var response = await Post(Protobuf(new byte[GatewayFixture.MaxMessageBytes + 1]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_GzipBombOverLimitAfterDecompression_413()
    {
        // Small on the wire, over the limit once decompressed.
        using var response = await Post(Protobuf(new byte[GatewayFixture.MaxMessageBytes * 4], gzip: true));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task Post_WrongContentType_415(string contentType)
    {
        var content = new ByteArrayContent(Messages.First(Guid.CreateVersion7()).ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await Post(content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Post_MalformedProtobuf_400WithServerErrorResponse()
    {
        using var response = await Post(Protobuf([0x0A, 0xFF, 0xFF, 0xFF]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var reply = ServerToAgent.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(ServerErrorResponseType.BadRequest, reply.ErrorResponse.Type);
    }

    [Fact]
    public async Task Post_NotGzipButSaysGzip_400()
    {
        var content = Protobuf(Messages.First(Guid.CreateVersion7()).ToByteArray());
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await Post(content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("zstd")]
    [InlineData("compress")]
    public async Task Post_UnsupportedContentEncoding_415AndNothingStored(string encoding)
    {
        var uid = Guid.CreateVersion7();
        var content = Protobuf(Messages.First(uid).ToByteArray());
        content.Headers.ContentEncoding.Add(encoding);

        using var response = await Post(content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains(encoding, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await gateway.Agent(uid));
    }

    [Fact]
    public async Task Post_InstanceUidHeaderDiffersFromBody_400AndNothingStored()
    {
        var uid = Guid.CreateVersion7();
        var content = Protobuf(Messages.First(uid).ToByteArray());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/opamp") { Content = content };
        request.Headers.Add("OpAMP-Instance-UID", Guid.CreateVersion7().ToString());

        using var response = await gateway.OpAmpHttp.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await gateway.Agent(uid));
    }

    [Fact]
    public async Task Post_InstanceUidHeaderMatches_Accepted()
    {
        var uid = Guid.CreateVersion7();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/opamp") { Content = Protobuf(Messages.First(uid).ToByteArray()) };
        request.Headers.Add("OpAMP-Instance-UID", uid.ToString());

        using var response = await gateway.OpAmpHttp.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_NotWebSocket_405()
    {
        using var response = await gateway.OpAmpHttp.GetAsync("/v1/opamp");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Poll_AgentStaysKnownBetweenPollsAndGetsPendingConfigOnNextPoll()
    {
        var uid = Guid.CreateVersion7();
        (await Post(Protobuf(Messages.First(uid, "poller").ToByteArray()))).EnsureSuccessStatusCode();
        await Task.Delay(200);
        Assert.NotNull(await gateway.Agent(uid));

        var set = await gateway.SetConfig(uid, "c.yaml", "a: 1\n");
        Assert.Equal(HttpStatusCode.Accepted, set.StatusCode);
        Assert.Equal("pending", JsonDocument.Parse(await set.Content.ReadAsStringAsync()).RootElement.GetProperty("delivery").GetString());

        using var poll = await Post(Protobuf(Messages.Next(uid, 2).ToByteArray()));
        var reply = ServerToAgent.Parser.ParseFrom(await poll.Content.ReadAsByteArrayAsync());
        Assert.Equal("a: 1\n", reply.RemoteConfig.Config.ConfigMap["c.yaml"].Body.ToStringUtf8());

        var applied = Messages.Next(uid, 3);
        applied.RemoteConfigStatus = new RemoteConfigStatus { LastRemoteConfigHash = reply.RemoteConfig.ConfigHash, Status = RemoteConfigStatuses.Applied };
        using var ack = await Post(Protobuf(applied.ToByteArray()));
        var ackReply = ServerToAgent.Parser.ParseFrom(await ack.Content.ReadAsByteArrayAsync());
        Assert.Null(ackReply.RemoteConfig);

        var agent = await gateway.AgentWhen(uid, a => a.RemoteConfigStatus() == "APPLIED", "APPLIED is visible");
        Assert.True(agent.GetProperty("connected").GetBoolean());
        Assert.Equal("http", agent.GetProperty("transport").GetString());
    }

    [Fact]
    public async Task Poll_AgentGoesSilent_MarkedDisconnectedAfterTimeout()
    {
        var uid = Guid.CreateVersion7();
        (await Post(Protobuf(Messages.First(uid, "silent-poller").ToByteArray()))).EnsureSuccessStatusCode();
        await gateway.AgentWhen(uid, a => a.GetProperty("connected").GetBoolean(), "connected");

        await gateway.AgentWhen(uid, a => !a.GetProperty("connected").GetBoolean(), "disconnected after the offline timeout", TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Client_HttpTransport_ReceivesConfigOnPollAndReportsApplied()
    {
        await using var client = await Infrastructure.Agents.Start(gateway.HttpEndpoint, "http-client", heartbeat: TimeSpan.FromMilliseconds(300));
        await gateway.AgentWhen(client.InstanceUid, a => a.GetProperty("connected").GetBoolean(), "connected");

        (await gateway.SetConfig(client.InstanceUid, "x.yaml", "x: 1\n")).EnsureSuccessStatusCode();

        await gateway.AgentWhen(client.InstanceUid, a => a.RemoteConfigStatus() == "APPLIED", "APPLIED over HTTP");
    }
}
