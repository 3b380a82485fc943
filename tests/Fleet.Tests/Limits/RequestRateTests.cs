using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Limits;

/// <summary>
/// Per-IP limits tight enough to exhaust in a test (1 request/s, burst 2, for OpAMP and for the API),
/// and a trusted proxy that is not the loopback address the tests come from.
/// </summary>
public sealed class RateLimitedGatewayFixture : GatewayFixture
{
    protected override IEnumerable<string> Settings =>
    [
        "--Fleet:Gateway:Limits:OpAmpRequestsPerSecondPerIp=1",
        "--Fleet:Gateway:Limits:OpAmpBurstPerIp=2",
        "--Fleet:Gateway:Limits:ApiRequestsPerSecondPerIp=1",
        "--Fleet:Gateway:Limits:ApiBurstPerIp=2",
        "--Fleet:Gateway:TrustedProxies=192.0.2.0/24",
    ];
}

[Collection(Observability.ExportedMetricsCollection.Name)]
public class RequestRateTests(RateLimitedGatewayFixture gateway) : IClassFixture<RateLimitedGatewayFixture>
{
    /// <summary>Spends the caller's tokens: requests until one is refused (GET on the OpAMP path is a cheap 405 otherwise).</summary>
    internal static async Task Exhaust(HttpClient client, string path, string? forwardedFor = null)
    {
        for (var i = 0; i < 50; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (forwardedFor is not null)
            {
                request.Headers.Add("X-Forwarded-For", forwardedFor);
            }
            using var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return;
            }
        }
        Assert.Fail($"{path} was never limited");
    }

    internal static async Task<HttpStatusCode> Get(HttpClient client, string path, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Post_OverIpRate_429WithRetryAfterAndUnavailable()
    {
        await Exhaust(gateway.OpAmpHttp, "/v1/opamp");
        var content = new ByteArrayContent(Messages.First(Guid.CreateVersion7()).ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

        using var response = await gateway.OpAmpHttp.PostAsync("/v1/opamp", content);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var reply = ServerToAgent.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(ServerErrorResponseType.Unavailable, reply.ErrorResponse.Type);
        Assert.True(reply.ErrorResponse.RetryInfo.RetryAfterNanoseconds >= (ulong)TimeSpan.FromSeconds(1).TotalNanoseconds);
    }

    [Fact]
    public async Task Upgrade_OverIpRate_429WithRetryAfter()
    {
        await Exhaust(gateway.OpAmpHttp, "/v1/opamp");
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(gateway.WebSocketEndpoint, CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, socket.HttpStatusCode);
        Assert.True(int.Parse(socket.HttpResponseHeaders!["Retry-After"].Single()) >= 1);
    }

    [Fact]
    public async Task Upgrade_ThroughPipelineOverIpRate_429()
    {
        // A path in another case is routed through the request pipeline, not taken on the connection:
        // the same bucket refuses it.
        await Exhaust(gateway.OpAmpHttp, "/v1/opamp");
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{gateway.OpAmpPort}/V1/OPAMP"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Api_OverIpRate_429WithRetryAfterAndProblem()
    {
        await Exhaust(gateway.Api, "/api/agents");

        using var response = await gateway.Api.GetAsync("/api/agents");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many requests", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthAndMetrics_IpRateExhausted_NeverLimited()
    {
        await Exhaust(gateway.OpAmpHttp, "/v1/opamp");
        await Exhaust(gateway.Api, "/api/agents");

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await Get(gateway.Api, "/health/ready"));
            Assert.Equal(HttpStatusCode.OK, await Get(gateway.Api, "/health/live"));
            Assert.Equal(HttpStatusCode.OK, await Get(gateway.OpAmpHttp, "/health/ready"));
            Assert.Equal(HttpStatusCode.OK, await Get(gateway.Api, "/metrics"));
        }
    }

    [Fact]
    public async Task ForwardedFor_FromUntrustedAddress_Ignored()
    {
        await Exhaust(gateway.OpAmpHttp, "/v1/opamp", forwardedFor: "203.0.113.1");

        // 127.0.0.1 is not a trusted proxy here: another forwarded address still draws from 127.0.0.1's bucket.
        Assert.Equal(HttpStatusCode.TooManyRequests, await Get(gateway.OpAmpHttp, "/v1/opamp", forwardedFor: "203.0.113.2"));
    }

    [Fact]
    public async Task Refusals_OverIpRate_CountedByReasonAndExported()
    {
        using var refusals = new GatewayMeter(gateway.Services);

        await Exhaust(gateway.OpAmpHttp, "/v1/opamp");
        await Exhaust(gateway.Api, "/api/agents");

        Assert.Equal(1, refusals.Sum("fleet.gateway.refused", "reason=ip_rate"));
        Assert.Equal(1, refusals.Sum("fleet.gateway.refused", "reason=api_rate"));
        var scrape = await gateway.Api.GetStringAsync("/metrics");
        Assert.Contains("reason=\"ip_rate\"", scrape);
        Assert.Contains("reason=\"api_rate\"", scrape);
    }
}
