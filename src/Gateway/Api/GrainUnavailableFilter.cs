namespace Fleet.Gateway.Api;

/// <summary>
/// When the grains cannot be reached (silo failing over, Redis down) the API answers 503 with
/// Retry-After instead of a 500: nothing was changed, and trying again shortly will work.
/// </summary>
public sealed partial class GrainUnavailableFilter(ILogger<GrainUnavailableFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or SiloUnavailableException)
        {
            LogUnavailable(logger, context.HttpContext.Request.Path, e.GetType().Name);
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Cluster temporarily unavailable",
                detail: "The agent's grain could not be reached; nothing was changed. Retry shortly.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API call {Path} answered 503: {Error}")]
    private static partial void LogUnavailable(ILogger logger, string path, string error);
}
