using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Fleet.Gateway.Health;

public static class HealthHosting
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddFleetHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<GrainsReadyCheck>("grains", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>
    /// Liveness answers as long as the process serves requests; readiness also needs the grains.
    /// Both listen on every port: load balancers probe the OpAMP port, Kubernetes the management one.
    /// </summary>
    public static WebApplication MapFleetHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
