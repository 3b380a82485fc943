using Fleet.Hosting;

namespace Fleet.Gateway.Health;

public static class HealthHosting
{
    public static WebApplicationBuilder AddFleetHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AgentPathWarmup>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AgentPathWarmup>());
        builder.Services.AddFleetReadiness(builder.Configuration)
            .AddCheck<DrainingCheck>("draining", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<WarmupCheck>("warm-up", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    /// <summary>Both ports: load balancers probe the OpAMP port, Kubernetes the management one.</summary>
    public static WebApplication MapFleetHealth(this WebApplication app)
    {
        HealthEndpoints.MapFleetHealth(app);
        return app;
    }
}
