using Fleet.Grains.Agents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Grains;

public static class FleetGrainsServiceCollectionExtensions
{
    /// <summary>What the grains need from the host that runs them (silo or embedded gateway).</summary>
    public static IServiceCollection AddFleetGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentPolicyOptions>().Bind(configuration.GetSection(AgentPolicyOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<AgentPolicyOptions>, AgentPolicyOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OfflineWatch>();
        services.Configure<Inventory.DirectoryOptions>(configuration.GetSection(Inventory.DirectoryOptions.Section));
        // Cluster silos register the Redis store first; everything else keeps shards in process memory.
        services.TryAddSingleton<Inventory.IDirectoryStore, Inventory.MemoryDirectoryStore>();
        services.Configure<Connections.CertificateAuthorityOptions>(configuration.GetSection(Connections.CertificateAuthorityOptions.Section));
        services.TryAddSingleton<Connections.CertificateAuthority>();
        services.Configure<Configs.RolloutOptions>(configuration.GetSection(Configs.RolloutOptions.Section));
        services.TryAddSingleton<Configs.RolloutMetrics>();
        return services;
    }

    /// <summary>The grains' services plus their silo start-up work (resuming rollouts).</summary>
    public static ISiloBuilder AddFleetGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddFleetGrains(configuration);
        silo.AddStartupTask<Configs.ResumeRollouts>();
        return silo;
    }
}
