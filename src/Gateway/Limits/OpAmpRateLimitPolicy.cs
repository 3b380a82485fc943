using System.Net;
using System.Threading.RateLimiting;
using Fleet.Gateway.Transport;
using Google.Protobuf;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Limits;

/// <summary>
/// OpAMP requests per client address: WebSocket upgrades and plain-HTTP POSTs. A refused client gets
/// 429 + Retry-After; a POST also gets ServerToAgent UNAVAILABLE + RetryInfo, which OpAMP clients
/// understand without looking at the status code.
/// </summary>
public sealed partial class OpAmpRateLimitPolicy(IOptions<LimitOptions> options, GatewayMetrics metrics, ILogger<OpAmpRateLimitPolicy> logger)
    : IRateLimiterPolicy<IPAddress>
{
    public const string Name = "opamp-per-ip";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => Reject;

    public RateLimitPartition<IPAddress> GetPartition(HttpContext httpContext) =>
        ClientPartition.Bucket(ClientPartition.Key(httpContext.Connection.RemoteIpAddress), options.Value.OpAmpRequestsPerSecondPerIp, options.Value.OpAmpBurstPerIp);

    private async ValueTask Reject(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = ClientPartition.RetryAfter(rejected.Lease);
        var webSocket = context.WebSockets.IsWebSocketRequest;
        metrics.Refused("ip_rate");
        LogRefused(logger, webSocket ? "WebSocket upgrade" : "POST", context.Connection.RemoteIpAddress, options.Value.OpAmpRequestsPerSecondPerIp);

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ClientPartition.RetryAfterHeader(retryAfter);
        if (!webSocket && HttpMethods.IsPost(context.Request.Method))
        {
            var reply = AgentMessageRouter.Unavailable(ByteString.Empty, "too many requests from this address; retry later", retryAfter);
            context.Response.ContentType = HttpTransport.ProtobufContentType;
            context.Response.ContentLength = reply.Message.Length;
            await context.Response.Body.WriteAsync(reply.Message, cancellationToken);
        }
    }
}
