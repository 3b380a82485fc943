using Fleet.Grains;
using Fleet.Hosting;

namespace Fleet.Gateway.Hosting;

public static class OrleansHosting
{
    /// <summary>Grains an embedded gateway's directory cache keeps addresses of: more agents than one process serves.</summary>
    public const int EmbeddedDirectoryCacheSize = 100_000;

    /// <summary>
    /// Puts the grains behind this gateway: an in-process silo (the embedded default) or a client of
    /// a silo cluster. Either way every agent message goes through an <c>IAgentGrain</c>; the gateway
    /// keeps only sockets.
    /// </summary>
    public static WebApplicationBuilder AddFleetOrleans(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.ClusterOptions();
        switch (options.Mode)
        {
            case OrleansMode.Embedded:
                builder.UseOrleans(silo =>
                {
                    silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                    // In this process, no storage grains in between, and copies rather than JSON (the costliest part of a write).
                    silo.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(FleetStorage.Agents, (services, _) =>
                        new InProcessGrainStorage(services.GetRequiredService<Orleans.Serialization.DeepCopier>()));
                    silo.AddFleetGrains(builder.Configuration);
                    // Agent messages and API calls keep their trace id into the grains (and their log lines).
                    silo.AddActivityPropagation();
                    // Memory storage dies with the process anyway: no need to save each new agent at once, nor on shutdown.
                    silo.Services.PostConfigure<Fleet.Grains.Inventory.DirectoryOptions>(o => (o.SaveNewAgentsImmediately, o.SaveOnShutdown) = (false, false));
                    // One silo: the directory cache holds little more than placement's entry per grain, yet at
                    // its default size (a million slots, two tables) it fills memory pages as agents come.
                    // Sized for what one process can hold, it keeps every grain call on the fast path.
                    silo.Services.Configure<Orleans.Configuration.GrainDirectoryOptions>(o => o.CacheSize = EmbeddedDirectoryCacheSize);
                });
                break;
            case OrleansMode.Client:
                builder.UseOrleansClient(client => client.UseFleetCluster(builder.Configuration));
                // Listen (and answer health probes) while the client is still looking for silos.
                builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
                break;
        }
        return builder;
    }
}
