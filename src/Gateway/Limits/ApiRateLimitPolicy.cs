using System.Net;
using System.Threading.RateLimiting;
using Fleet.Gateway.Transport;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Limits;

/// <summary>Management API requests per client address; a refused client gets 429 + Retry-After and a problem+json body.</summary>
public sealed partial class ApiRateLimitPolicy(IOptions<LimitOptions> options, GatewayMetrics metrics, IProblemDetailsService problems, ILogger<ApiRateLimitPolicy> logger)
    : IRateLimiterPolicy<IPAddress>
{
    public const string Name = "api-per-ip";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => Reject;

    public RateLimitPartition<IPAddress> GetPartition(HttpContext httpContext) =>
        ClientPartition.Bucket(ClientPartition.Key(httpContext.Connection.RemoteIpAddress), options.Value.ApiRequestsPerSecondPerIp, options.Value.ApiBurstPerIp);

    private async ValueTask Reject(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = ClientPartition.RetryAfter(rejected.Lease);
        metrics.Refused("api_rate");
        LogRefused(logger, context.Connection.RemoteIpAddress, options.Value.ApiRequestsPerSecondPerIp);

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ClientPartition.RetryAfterHeader(retryAfter);
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"More than {options.Value.ApiRequestsPerSecondPerIp} API requests per second from this address; retry after {ClientPartition.RetryAfterHeader(retryAfter)} s.",
            },
        });
    }
}
