using Fleet.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Fleet.Hosting.Inventory;
using Orleans.Storage;

namespace Fleet.Hosting;

/// <summary>How silos and gateways join the Redis-backed cluster.</summary>
public static class ClusterHosting
{
    public static FleetClusterOptions ClusterOptions(this IConfiguration configuration) =>
        configuration.GetSection(FleetClusterOptions.Section).Get<FleetClusterOptions>() ?? new FleetClusterOptions();

    /// <summary>A silo of the cluster: Redis membership, Redis grain storage (JSON), fast failure detection.</summary>
    public static ISiloBuilder UseFleetCluster(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.ClusterOptions();
        var redis = RedisConnection.Options(configuration);
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ServiceId));
        silo.ConfigureEndpoints(
            options.AdvertisedAddress is { Length: > 0 } address ? System.Net.IPAddress.Parse(address) : System.Net.IPAddress.Loopback,
            options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        silo.UseRedisClustering(o => o.ConfigurationOptions = redis);
        silo.AddRedisGrainStorage(FleetStorage.Agents, builder => builder.Configure<IServiceProvider>((o, services) =>
        {
            o.ConfigurationOptions = redis;
            // Plain JSON, not .NET type names: stored state survives renames and upgrades.
            o.GrainStorageSerializer = ActivatorUtilities.CreateInstance<SystemTextJsonGrainStorageSerializer>(services);
            // A forgotten agent (API or retention) leaves no key behind.
            o.DeleteStateOnClear = true;
        }));
        // Directory shards write per agent, on a connection of their own: agent-state reads never queue behind them.
        silo.Services.AddSingleton<Fleet.Grains.Inventory.IDirectoryStore, RedisDirectoryStore>();
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = options.ProbeTimeout;
            o.NumMissedProbesLimit = 2;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            o.DefunctSiloExpiration = TimeSpan.FromMinutes(10);
            o.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(5);
        });
        silo.AddFleetGrains(configuration);
        // The caller's trace (an agent message, an API request) continues into the grain, and its log lines carry it.
        silo.AddActivityPropagation();
        return silo;
    }

    /// <summary>A gateway as cluster client: finds silos in Redis, never gives up reconnecting.</summary>
    public static IClientBuilder UseFleetCluster(this IClientBuilder client, IConfiguration configuration)
    {
        var options = configuration.ClusterOptions();
        var redis = RedisConnection.Options(configuration);
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ServiceId));
        client.UseRedisClustering(o => o.ConfigurationOptions = redis);
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        client.UseConnectionRetryFilter<RetryForever>();
        client.AddActivityPropagation();
        return client;
    }
}
