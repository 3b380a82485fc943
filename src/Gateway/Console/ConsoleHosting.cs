using Fleet.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Console;

/// <summary>
/// The web console at <c>/</c> of the management listener: static files (index.html, modules, styles,
/// vendored libraries) and the console's page routes, which all answer with index.html so deep links
/// work. Nothing of it answers on the OpAMP port.
/// </summary>
public static class ConsoleHosting
{
    /// <summary>Client-side pages; each serves index.html, whose modules render the page from the URL.</summary>
    public static readonly IReadOnlyList<string> Pages =
    [
        "/",
        "/agents/{**page}",
        "/profiles/{**page}",
        "/rollouts/{**page}",
        "/packages/{**page}",
        "/certificates/{**page}",
    ];

    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ConsoleOptions>(builder.Configuration.GetSection(ConsoleOptions.Section));
        builder.Services.AddSingleton<ConsoleAssets>();
        return builder;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        var assets = app.Services.GetRequiredService<ConsoleAssets>();
        if (!assets.Available)
        {
            return app;
        }
        var managementPort = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.ManagementPort;
        var files = assets.StaticFileOptions();
        // Static files are middleware, not endpoints: the listener metadata cannot guard them, the port check does.
        app.UseWhen(context => context.Connection.LocalPort == managementPort, branch => branch.UseStaticFiles(files));
        foreach (var page in Pages)
        {
            app.MapFallbackToFile(page, ConsoleAssets.IndexFile, files).WithMetadata(Listener.Management);
        }
        return app;
    }
}
