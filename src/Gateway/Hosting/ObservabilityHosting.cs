using Fleet.Hosting.Telemetry;

namespace Fleet.Gateway.Hosting;

public static class ObservabilityHosting
{
    /// <summary>Traces and metrics (Fleet, Orleans, ASP.NET Core, runtime); OTLP via the standard OTEL_* variables.</summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddFleetTelemetry(builder.Configuration, "fleet-gateway");
        return builder;
    }

    /// <summary>Prometheus scrape endpoint /metrics, on the management listener.</summary>
    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapFleetMetrics().WithMetadata(Listener.Management);
        return app;
    }
}
