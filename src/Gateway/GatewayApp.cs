using Fleet.Gateway.Api;
using Fleet.Gateway.Console;
using Fleet.Gateway.Health;
using Fleet.Gateway.Hosting;
using Fleet.Gateway.Limits;
using Fleet.Gateway.Memory;
using Fleet.Gateway.Security.Agents;
using Fleet.Gateway.Security.Operators;
using Fleet.Gateway.Security.Tls;
using Fleet.Gateway.Transport;
using Fleet.Hosting.Logging;

namespace Fleet.Gateway;

/// <summary>The gateway, feature by feature. Program runs it; tests start the same thing on their own ports.</summary>
public static class GatewayApp
{
    public static WebApplication Build(string[] args)
    {
        // Settings files sit beside the binary, wherever the process is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddFleetLogging();
        builder.AddFleetListeners();
        builder.AddFleetTls();
        builder.AddFleetOrleans();
        builder.AddOpAmpTransport();
        builder.AddAgentAuthentication();
        builder.AddOperatorAuthentication();
        builder.AddRequestLimits();
        builder.AddManagementApi();
        builder.AddFleetHealth();
        builder.AddObservability();
        builder.AddMemoryTrim();
        builder.AddConsole();

        var app = builder.Build();
        app.UseApiErrors();
        app.UseTrustedProxies();
        app.UseRouting();
        app.UseListenerSeparation();
        app.UseRequestLimits();
        app.UseOperatorAuthentication();
        app.MapOpAmp();
        app.MapManagementApi();
        app.MapFleetHealth();
        app.MapObservability();
        app.MapConsole();
        return app;
    }
}
