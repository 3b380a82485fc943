using System.Net;

namespace Fleet.Gateway.Limits;

/// <summary>
/// Per-client request rates (OpAMP and management API, each its own token bucket per address) and
/// the trusted proxies whose X-Forwarded-For names that address. Health and /metrics carry no
/// policy, so they are never limited; the per-WebSocket message rate lives in the session.
/// </summary>
public static class LimitsHosting
{
    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<LimitOptions>(builder.Configuration.GetSection(LimitOptions.Section));
        // OpAMP's own: both WebSocket paths and the POSTs share it (see OpAmpRateLimit).
        builder.Services.AddSingleton<OpAmpRateLimit>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy<IPAddress, ApiRateLimitPolicy>(ApiRateLimitPolicy.Name);
        });
        return builder;
    }

    /// <summary>
    /// Believes X-Forwarded-For only from Fleet:Gateway:TrustedProxies, so everything after this
    /// (limits, logs) sees the agent's address. First in the pipeline; nothing when no proxy is listed.
    /// </summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var proxies = TrustedProxies.Entries(app.Configuration);
        if (proxies.Count > 0)
        {
            app.UseForwardedHeaders(TrustedProxies.Options(proxies));
        }
        return app;
    }

    /// <summary>After routing, so each endpoint's policy is known; before the OpAMP transports, so refusals cost little.</summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseApiBodyLimit();
        return app;
    }
}
