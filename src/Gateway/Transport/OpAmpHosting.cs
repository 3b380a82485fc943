using Fleet.Gateway.Hosting;
using Fleet.Gateway.Limits;
using Fleet.Hosting;
using Microsoft.AspNetCore.ResponseCompression;

namespace Fleet.Gateway.Transport;

public static class OpAmpHosting
{
    public const string Path = "/v1/opamp";

    public static WebApplicationBuilder AddOpAmpTransport(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AgentConnections>();
        builder.Services.AddSingleton<AgentMessageRouter>();
        builder.Services.AddSingleton<WebSocketTransport>();
        builder.Services.AddSingleton<HttpTransport>();
        builder.Services.AddSingleton<Admission>();
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddHostedService<GatewayDrain>();
        var drainWindow = DrainWindows.For(
            builder.Configuration.ClusterOptions().Mode,
            builder.Configuration.GetSection(GatewayOptions.Section).GetValue<TimeSpan?>(nameof(GatewayOptions.DrainWindow)));
        builder.Services.PostConfigure<GatewayOptions>(o => o.DrainWindow = drainWindow);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drainWindow + TimeSpan.FromSeconds(15));
        // The spec: honour Content-Encoding: gzip on requests, compress responses when the agent accepts it.
        builder.Services.AddRequestDecompression();
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [HttpTransport.ProtobufContentType, "application/json", "text/plain"];
        });
        builder.Services.AddSingleton<IResponseCompressionProvider, SmallResponsesUncompressed>();
        return builder;
    }

    /// <summary>One path for both transports: an upgrade request is a WebSocket, a POST is plain HTTP.</summary>
    public static WebApplication MapOpAmp(this WebApplication app)
    {
        app.UseRequestDecompression();
        app.UseResponseCompression();
        app.UseWebSockets();
        app.Map(Path, (HttpContext context, WebSocketTransport webSockets, HttpTransport http) =>
            context.WebSockets.IsWebSocketRequest ? webSockets.Handle(context)
            : HttpMethods.IsPost(context.Request.Method) ? http.Handle(context)
            : MethodNotAllowed(context))
            .WithMetadata(Listener.OpAmp)
            .RequireRateLimiting(OpAmpRateLimitPolicy.Name);
        return app;
    }

    private static Task MethodNotAllowed(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = "POST, GET (WebSocket upgrade)";
        return Task.CompletedTask;
    }
}
