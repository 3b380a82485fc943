using System.Net;
using System.Net.Http.Headers;
using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Gateway.Transport;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Transport;

/// <summary>
/// The spec's outgoing limit: a ServerToAgent over MaxMessageBytes is not sent. The configs here are
/// set on the grain directly — the API already refuses them (<c>ApiErrorsTests</c>) — as happens when
/// the limit is lowered after a config was assigned.
/// </summary>
public class OutgoingLimitTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public void Allows_ExactlyAtLimitWithHeader_TrueAndOneOver_False()
    {
        Assert.True(OutgoingLimit.Allows(999, 1, 1000));
        Assert.False(OutgoingLimit.Allows(1000, 1, 1000));
    }

    [Fact]
    public async Task WebSocketPush_OverLimit_NotSentAndAgentToldWithError()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid, "big-push"));
        await socket.Receive();

        await gateway.Grains.GetGrain<IAgentGrain>(uid).SetRemoteConfig(OverLimitConfig());
        var frame = await socket.ReceiveFrame() ?? throw new InvalidOperationException("closed");

        Assert.True(frame.Length < 1024, $"a {frame.Length}-byte frame went out");
        var message = ServerToAgent.Parser.ParseFrom(frame.AsSpan(1));
        Assert.Null(message.RemoteConfig);
        Assert.Equal(ServerErrorResponseType.Unknown, message.ErrorResponse.Type);
        Assert.Contains("exceeds", message.ErrorResponse.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(InstanceUid.ToByteString(uid), message.InstanceUid);

        // The socket stays usable: the next message gets its (now small again) reply.
        await socket.Send(Messages.Next(uid, 2));
        var next = ServerToAgent.Parser.ParseFrom((await socket.ReceiveFrame() ?? [])[1..]);
        Assert.Null(next.ErrorResponse);
    }

    [Fact]
    public async Task HttpReply_OverLimit_500WithErrorInsteadOfConfig()
    {
        var uid = Guid.CreateVersion7();
        (await Post(Messages.First(uid, "big-poll"))).EnsureSuccessStatusCode();
        await gateway.Grains.GetGrain<IAgentGrain>(uid).SetRemoteConfig(OverLimitConfig());

        using var poll = await Post(Messages.Next(uid, 2));

        Assert.Equal(HttpStatusCode.InternalServerError, poll.StatusCode);
        var body = await poll.Content.ReadAsByteArrayAsync();
        Assert.True(body.Length < 1024, $"a {body.Length}-byte body went out");
        var reply = ServerToAgent.Parser.ParseFrom(body);
        Assert.Null(reply.RemoteConfig);
        Assert.Contains("exceeds", reply.ErrorResponse.ErrorMessage, StringComparison.Ordinal);
    }

    private static RemoteConfigRequest OverLimitConfig() =>
        new(new Dictionary<string, ConfigFile> { ["big.yaml"] = new(new string('x', GatewayFixture.MaxMessageBytes), "text/yaml") });

    private Task<HttpResponseMessage> Post(AgentToServer message)
    {
        var content = new ByteArrayContent(message.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return gateway.OpAmpHttp.PostAsync("/v1/opamp", content);
    }
}
