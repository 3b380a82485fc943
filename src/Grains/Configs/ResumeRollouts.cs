using Fleet.Contracts;
using Fleet.Contracts.Configs;

namespace Fleet.Grains.Configs;

/// <summary>
/// Silo start-up: wakes every profile so a rollout that was running when the cluster stopped carries on
/// by itself (its state is stored; only its timer needs an activation).
/// </summary>
public sealed class ResumeRollouts(IGrainFactory grains) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        var names = await grains.Get<IProfileIndexGrain>(0).Names();
        await Task.WhenAll(names.Select(name => grains.Get<IConfigProfileGrain>(name).Get()));
    }
}
