using Fleet.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Fleet.Tests.Infrastructure;

/// <summary>
/// An Orleans test cluster running the real grains on a storage that counts writes. Fixtures that
/// need more in the silo (a call filter, options) derive and add it in <see cref="ConfigureSilo"/>.
/// </summary>
public class GrainClusterFixture : IAsyncLifetime
{
    public CountingGrainStorage AgentStorage { get; } = new();
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(FleetStorage.Agents, AgentStorage);
            ConfigureSilo(silo.Services);
            silo.Services.AddFleetGrains(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    protected virtual void ConfigureSilo(IServiceCollection services)
    {
    }
}
