using Fleet.Grains;
using Fleet.Grains.Configs;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Fleet.Tests.Configs;

/// <summary>
/// An Orleans test cluster running the real grains, with every call into them going through
/// <see cref="RolloutCallFilter"/>, and rollout options a test can change while it runs.
/// </summary>
public sealed class RolloutClusterFixture : IAsyncLifetime
{
    public RolloutCallFilter Calls { get; } = new();

    /// <summary>Read by the profile grains on every tick: tests in one class run one at a time, each sets what it needs.</summary>
    public RolloutOptions Rollouts { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(FleetStorage.Agents, new CountingGrainStorage());
            silo.Services.AddSingleton<IOptions<RolloutOptions>>(Options.Create(Rollouts));
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(Calls);
            silo.Services.AddFleetGrains(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
