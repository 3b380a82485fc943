using Fleet.Gateway.Hosting;
using Fleet.Gateway.Limits;
using Fleet.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Gateway.Transport;

public static class OpAmpHosting
{
    public const string Path = "/v1/opamp";

    public static WebApplicationBuilder AddOpAmpTransport(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AgentConnections>();
        builder.Services.AddSingleton<AgentMessageRouter>();
        builder.Services.AddSingleton<WebSocketTransport>();
        builder.Services.AddSingleton<WebSocketKeepAlives>();
        builder.Services.TryAddSingleton(TimeProvider.System);
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

    /// <summary>
    /// WebSocket upgrades on this listener are taken on the connection (<see cref="ConnectionWebSockets"/>),
    /// unless Fleet:Gateway:ConnectionLevelWebSockets is false. After TLS, which it must see through.
    /// </summary>
    public static ListenOptions UseConnectionWebSockets(this ListenOptions listen, bool enabled)
    {
        if (!enabled)
        {
            return listen;
        }
        var handler = new Lazy<ConnectionWebSockets>(() => new ConnectionWebSockets(listen.ApplicationServices));
        listen.Use((connection, next) => handler.Value.OnConnection(connection, next));
        return listen;
    }

    /// <summary>One path for both transports: an upgrade request is a WebSocket, a POST is plain HTTP.</summary>
    public static WebApplication MapOpAmp(this WebApplication app)
    {
        app.UseRequestDecompression();
        app.UseResponseCompression();
        app.UseWebSockets();
        app.Map(Path, async (HttpContext context, OpAmpRateLimit rate, WebSocketTransport webSockets, HttpTransport http) =>
        {
            if (!await rate.TryEnter(context))
            {
                return;
            }
            await (context.WebSockets.IsWebSocketRequest ? webSockets.Handle(context)
                : HttpMethods.IsPost(context.Request.Method) ? http.Handle(context)
                : MethodNotAllowed(context));
        })
            .WithMetadata(Listener.OpAmp);
        return app;
    }

    private static Task MethodNotAllowed(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = "POST, GET (WebSocket upgrade)";
        return Task.CompletedTask;
    }
}
