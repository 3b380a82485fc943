using Fleet.Grains;
using Fleet.Hosting;

namespace Fleet.Gateway.Hosting;

public static class OrleansHosting
{
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
                    // In this process, no storage grains in between; Orleans' binary serializer (JSON is the costliest part of a write).
                    silo.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(FleetStorage.Agents, (services, _) =>
                        new InProcessGrainStorage(ActivatorUtilities.CreateInstance<Orleans.Storage.OrleansGrainStorageSerializer>(services)));
                    silo.AddFleetGrains(builder.Configuration);
                    // Agent messages and API calls keep their trace id into the grains (and their log lines).
                    silo.AddActivityPropagation();
                    // Memory storage dies with the process anyway: no need to save each new agent at once, nor on shutdown.
                    silo.Services.PostConfigure<Fleet.Grains.Inventory.DirectoryOptions>(o => (o.SaveNewAgentsImmediately, o.SaveOnShutdown) = (false, false));
                    // One silo: every grain's address is in its own directory partition, so a cache of other
                    // silos' entries has nothing to hold, yet its table (a million slots) fills pages as agents come.
                    silo.Services.Configure<Orleans.Configuration.GrainDirectoryOptions>(o =>
                    {
                        o.CachingStrategy = Orleans.Configuration.GrainDirectoryOptions.CachingStrategyType.None;
                        o.CacheSize = 1_024; // the locator for other directories (none here) sizes its own cache by it
                    });
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
