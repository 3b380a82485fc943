using Fleet.Grains.Configs;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Tests.Configs;

/// <summary>
/// The grain test cluster with every call into the grains going through <see cref="RolloutCallFilter"/>,
/// and rollout options a test can change while it runs.
/// </summary>
public sealed class RolloutClusterFixture : GrainClusterFixture
{
    public RolloutCallFilter Calls { get; } = new();

    /// <summary>Read by the profile grains on every tick: tests in one class run one at a time, each sets what it needs.</summary>
    public RolloutOptions Rollouts { get; } = new();

    protected override void ConfigureSilo(IServiceCollection services)
    {
        services.AddSingleton<IOptions<RolloutOptions>>(Options.Create(Rollouts));
        services.AddSingleton<IIncomingGrainCallFilter>(Calls);
    }
}
