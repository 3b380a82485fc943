using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Hosting;

/// <summary>Liveness and readiness, the same on silos and gateways.</summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>Ready = an active silo answers, and (outside the embedded default) Redis answers.</summary>
    public static IHealthChecksBuilder AddFleetReadiness(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks().AddCheck<GrainsReadyCheck>("grains", tags: [ReadyTag]);
        if (configuration.ClusterOptions().Mode == OrleansMode.Client || configuration.GetConnectionString(RedisConnection.Name) is not null)
        {
            services.AddSingleton<RedisReadyCheck>();
            checks.AddCheck<RedisReadyCheck>("redis", tags: [ReadyTag]);
        }
        return checks;
    }

    /// <summary>Liveness answers while the process serves requests; readiness runs the "ready" checks.</summary>
    public static IEndpointRouteBuilder MapFleetHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
