using System.Net;
using System.Threading.RateLimiting;
using Fleet.Gateway.Transport;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Limits;

/// <summary>
/// OpAMP requests per client address: WebSocket upgrades (taken on the connection or through the
/// request pipeline) and plain-HTTP POSTs draw from one bucket per address. A refused client gets
/// 429 + Retry-After; a POST also gets ServerToAgent UNAVAILABLE + RetryInfo, which OpAMP clients
/// understand without looking at the status code.
/// </summary>
public sealed partial class OpAmpRateLimit : IDisposable
{
    private readonly LimitOptions _options;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<OpAmpRateLimit> _logger;
    private readonly PartitionedRateLimiter<IPAddress>? _limiter;

    public OpAmpRateLimit(IOptions<LimitOptions> options, GatewayMetrics metrics, ILogger<OpAmpRateLimit> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        // No limit configured: no limiter at all, so requests do not even share its lock.
        _limiter = _options.OpAmpRequestsPerSecondPerIp > 0
            ? PartitionedRateLimiter.Create<IPAddress, IPAddress>(key => ClientPartition.Bucket(key, _options.OpAmpRequestsPerSecondPerIp, _options.OpAmpBurstPerIp))
            : null;
    }

    /// <returns>false when the client is over its rate; the refusal is written to the response.</returns>
    public async ValueTask<bool> TryEnter(HttpContext context)
    {
        if (_limiter is null)
        {
            return true;
        }
        using var lease = _limiter.AttemptAcquire(ClientPartition.Key(context.Connection.RemoteIpAddress));
        if (lease.IsAcquired)
        {
            return true;
        }
        await Reject(context, ClientPartition.RetryAfter(lease));
        return false;
    }

    private async Task Reject(HttpContext context, TimeSpan retryAfter)
    {
        var webSocket = context.WebSockets.IsWebSocketRequest;
        _metrics.Refused("ip_rate");
        LogRefused(_logger, webSocket ? "WebSocket upgrade" : "POST", context.Connection.RemoteIpAddress, _options.OpAmpRequestsPerSecondPerIp);

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ClientPartition.RetryAfterHeader(retryAfter);
        if (!webSocket && HttpMethods.IsPost(context.Request.Method))
        {
            var reply = AgentMessageRouter.Unavailable(ByteString.Empty, "too many requests from this address; retry later", retryAfter);
            context.Response.ContentType = HttpTransport.ProtobufContentType;
            context.Response.ContentLength = reply.Message.Length;
            await context.Response.Body.WriteAsync(reply.Message, context.RequestAborted);
        }
    }

    public void Dispose() => _limiter?.Dispose();
}
