using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Limits;

/// <summary>
/// Caps request bodies of the management API (<see cref="LimitOptions.ApiMaxRequestBytes"/>): Kestrel's
/// own cap is off because OpAMP bodies are limited per message, and minimal APIs do not apply
/// request-size metadata themselves. A declared length over the cap is refused before anything is read;
/// a chunked body fails once it passes the cap (413 either way). An endpoint that limits its own body
/// (a package upload) says so with <see cref="OwnBodyLimit"/>.
/// </summary>
public static class ApiBodyLimit
{
    public static WebApplication UseApiBodyLimit(this WebApplication app)
    {
        var limit = app.Services.GetRequiredService<IOptions<LimitOptions>>().Value.ApiMaxRequestBytes;
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (limit <= 0 || endpoint is null || !context.Request.Path.StartsWithSegments("/api")
                || endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is not null)
            {
                await next(context);
                return;
            }
            if (context.Request.ContentLength > limit)
            {
                await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
                    detail: $"The management API accepts bodies of at most {limit} bytes ({LimitOptions.Section}:ApiMaxRequestBytes).").ExecuteAsync(context);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            await next(context);
        });
        return app;
    }
}
