using System.Net;
using Fleet.Gateway.Security.Tls;
using Fleet.Gateway.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Hosting;

/// <summary>
/// Two Kestrel listeners, OpAMP and management, each plain HTTP or TLS (<see cref="TlsHosting"/>).
/// Endpoints tagged with a <see cref="Listener"/> answer only on their own port, so the API is never
/// reachable through the agents' load balancer.
/// </summary>
public static class ListenerHosting
{
    public static WebApplicationBuilder AddFleetListeners(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(GatewayOptions.Section);
        builder.Services.Configure<GatewayOptions>(section);
        var options = section.Get<GatewayOptions>() ?? new GatewayOptions();
        var ceiling = OpenFileBudget.ConnectionCeiling(OpenFileBudget.ProcessLimit());
        if (ceiling is { } connections)
        {
            builder.Services.PostConfigure<GatewayOptions>(o =>
                o.MaxWebSocketConnections = Math.Min(o.MaxWebSocketConnections, Math.Max(connections - OpenFileBudget.WebSocketHeadroom, 1)));
        }
        var address = IPAddress.Parse(options.ListenAddress);
        builder.WebHost.UseSockets(sockets => sockets.Backlog = options.ListenBacklog);
        // Registered last, so Kestrel binds through it: the socket transport, able to stop one port early.
        builder.Services.AddSingleton(services => new StoppableListenerFactory(ActivatorUtilities.CreateInstance<SocketTransportFactory>(services)));
        builder.Services.AddSingleton<IConnectionListenerFactory>(services => services.GetRequiredService<StoppableListenerFactory>());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Kestrel:Limits:* (KeepAliveTimeout, RequestHeadersTimeout, MaxConcurrentConnections …) from configuration.
            builder.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits);
            if (ceiling is { } connections)
            {
                // Over the cap Kestrel closes a new connection at once: its file is back before the runtime needs one.
                kestrel.Limits.MaxConcurrentConnections = Math.Min(kestrel.Limits.MaxConcurrentConnections ?? long.MaxValue, connections);
                kestrel.Limits.MaxConcurrentUpgradedConnections = Math.Min(kestrel.Limits.MaxConcurrentUpgradedConnections ?? long.MaxValue, connections);
            }
            kestrel.Listen(address, options.OpAmpPort, listen => listen
                .UseDeadPeerTimeout(options.WebSocketKeepAliveTimeout)
                .UseFleetTls(Listener.OpAmp)
                .UseConnectionWebSockets(options.ConnectionLevelWebSockets));
            if (options.ManagementPort != options.OpAmpPort)
            {
                kestrel.Listen(address, options.ManagementPort, listen => listen.UseFleetTls(Listener.Management));
            }
            // Bodies are limited per endpoint (OpAMP: MaxMessageBytes, checked after decompression).
            kestrel.Limits.MaxRequestBodySize = null;
        });
        return builder;
    }

    /// <summary>404 for an endpoint reached through the other listener's port.</summary>
    public static IApplicationBuilder UseListenerSeparation(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        return app.Use((context, next) =>
        {
            var listener = context.GetEndpoint()?.Metadata.GetMetadata<Listener>();
            var port = context.Connection.LocalPort;
            var allowed = listener is null
                || (listener == Listener.OpAmp && port == options.OpAmpPort)
                || (listener == Listener.Management && port == options.ManagementPort);
            if (!allowed)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        });
    }
}
