using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Transport;

/// <summary>A gateway configured to take two sockets and no HTTP requests: overload answers 503 + Retry-After.</summary>
public sealed class FullGatewayFixture : GatewayFixture
{
    protected override IEnumerable<string> Settings =>
    [
        "--Fleet:Gateway:MaxWebSocketConnections=2",
        "--Fleet:Gateway:MaxConcurrentHttpRequests=0",
        "--Fleet:Gateway:RetryAfter=00:00:07",
    ];
}

public class AdmissionTests(FullGatewayFixture gateway) : IClassFixture<FullGatewayFixture>
{
    [Fact]
    public async Task Upgrade_AtConnectionLimit_Refused503WithRetryAfter()
    {
        await using var first = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await using var second = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await first.Send(Messages.First(Guid.CreateVersion7()));
        await first.Receive();

        using var third = new ClientWebSocket();
        third.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => third.ConnectAsync(gateway.WebSocketEndpoint, CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.HttpStatusCode);
        Assert.Equal("7", third.HttpResponseHeaders!["Retry-After"].Single());
    }

    [Fact]
    public async Task Upgrades_AllAtOnce_NeverMoreThanTheLimit_SlotsGivenBack()
    {
        var sockets = Enumerable.Range(0, 12).Select(_ => new ClientWebSocket()).ToList();
        var attempts = sockets.Select(async socket =>
        {
            try
            {
                await socket.ConnectAsync(gateway.WebSocketEndpoint, CancellationToken.None);
                return true;
            }
            catch (WebSocketException)
            {
                return false;
            }
        });

        var admitted = (await Task.WhenAll(attempts)).Count(ok => ok);

        Assert.Equal(2, admitted);
        foreach (var socket in sockets.Where(s => s.State == WebSocketState.Open))
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
        sockets.ForEach(s => s.Dispose());
        await Eventually.True(async () =>
        {
            using var again = new ClientWebSocket();
            try
            {
                await again.ConnectAsync(gateway.WebSocketEndpoint, CancellationToken.None);
                await again.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                return true;
            }
            catch (WebSocketException)
            {
                return false;
            }
        }, "closed sockets give their slots back", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Post_OverInFlightLimit_503WithRetryAfterAndUnavailable()
    {
        var content = new ByteArrayContent(Messages.First(Guid.CreateVersion7()).ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

        using var response = await gateway.OpAmpHttp.PostAsync("/v1/opamp", content);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        var reply = ServerToAgent.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(ServerErrorResponseType.Unavailable, reply.ErrorResponse.Type);
        Assert.Equal((ulong)TimeSpan.FromSeconds(7).TotalNanoseconds, reply.ErrorResponse.RetryInfo.RetryAfterNanoseconds);
    }
}
