using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fleet.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry for gateways and silos: Fleet's own meters and activity sources plus Orleans',
/// ASP.NET Core's and the runtime's; a Prometheus scrape endpoint always, OTLP export when the
/// standard OTEL_EXPORTER_OTLP_ENDPOINT variable is set.
/// </summary>
public static class FleetTelemetry
{
    public const string MeterName = "Fleet";
    public const string ActivitySourceName = "Fleet";

    /// <summary>Fleet's own spans (one per agent message in the gateway); traced with Orleans' grain-call spans.</summary>
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    public static IServiceCollection AddFleetTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var otlp = !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http")
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(ActivitySourceName, "Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime")
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics"));
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
                else
                {
                    tracing.SetSampler(new TraceIdsOnlySampler());
                }
            });
        return services;
    }

    /// <summary>Prometheus text format at /metrics.</summary>
    public static IEndpointConventionBuilder MapFleetMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
}
