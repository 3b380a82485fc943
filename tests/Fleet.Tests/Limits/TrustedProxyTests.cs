using System.Net;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Limits;

/// <summary>The tests' own address, 127.0.0.1, is the load balancer: its X-Forwarded-For names the client.</summary>
public sealed class TrustedProxyGatewayFixture : GatewayFixture
{
    protected override IEnumerable<string> Settings =>
    [
        "--Fleet:Gateway:Limits:OpAmpRequestsPerSecondPerIp=1",
        "--Fleet:Gateway:Limits:OpAmpBurstPerIp=2",
        "--Fleet:Gateway:TrustedProxies:0=10.255.0.0/16",
        "--Fleet:Gateway:TrustedProxies:1=127.0.0.1",
    ];
}

public class TrustedProxyTests(TrustedProxyGatewayFixture gateway) : IClassFixture<TrustedProxyGatewayFixture>
{
    [Fact]
    public async Task ForwardedFor_FromTrustedProxy_PartitionedByForwardedAddress()
    {
        await RequestRateTests.Exhaust(gateway.OpAmpHttp, "/v1/opamp", forwardedFor: "203.0.113.1");

        Assert.Equal(HttpStatusCode.TooManyRequests, await RequestRateTests.Get(gateway.OpAmpHttp, "/v1/opamp", forwardedFor: "203.0.113.1"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, await RequestRateTests.Get(gateway.OpAmpHttp, "/v1/opamp", forwardedFor: "203.0.113.2"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, await RequestRateTests.Get(gateway.OpAmpHttp, "/v1/opamp"));
    }

    [Fact]
    public async Task ForwardedFor_ChainThroughTrustedHops_ClientIsFirstUntrustedAddress()
    {
        // Client 203.0.113.9 → inner proxy 10.255.0.7 (trusted) → 127.0.0.1 (trusted).
        await RequestRateTests.Exhaust(gateway.OpAmpHttp, "/v1/opamp", forwardedFor: "203.0.113.9, 10.255.0.7");

        Assert.Equal(HttpStatusCode.TooManyRequests, await RequestRateTests.Get(gateway.OpAmpHttp, "/v1/opamp", forwardedFor: "203.0.113.9"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, await RequestRateTests.Get(gateway.OpAmpHttp, "/v1/opamp", forwardedFor: "203.0.113.10, 10.255.0.7"));
    }

    [Fact]
    public async Task ForwardedFor_OnWebSocketUpgrade_PartitionedByForwardedAddress()
    {
        await RequestRateTests.Exhaust(gateway.OpAmpHttp, "/v1/opamp", forwardedFor: "203.0.113.21");

        Assert.Equal(HttpStatusCode.TooManyRequests, await Upgrade("203.0.113.21"));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await Upgrade("203.0.113.22"));
    }

    private async Task<HttpStatusCode> Upgrade(string forwardedFor)
    {
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        try
        {
            await socket.ConnectAsync(gateway.WebSocketEndpoint, CancellationToken.None);
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            // The status says why.
        }
        return socket.HttpStatusCode;
    }
}
