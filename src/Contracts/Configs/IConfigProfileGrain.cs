using Fleet.Contracts.Agents;

namespace Fleet.Contracts.Configs;

/// <summary>A named, versioned config assigned to agents by label selector; new versions roll out in batches.</summary>
[Alias("fleet.config-profile")]
public interface IConfigProfileGrain : IGrainWithStringKey
{
    [Alias("get")]
    Task<ProfileInfo?> Get();

    [Alias("define")]
    Task<ProfileInfo> Define(ProfileDefinition definition);

    /// <summary>Stores a new version and starts rolling it out; null when the profile is not defined.</summary>
    [Alias("publish")]
    Task<ProfileVersionInfo?> Publish(Dictionary<string, ConfigFile> files);

    [Alias("version")]
    Task<Dictionary<string, ConfigFile>?> GetVersion(int version);

    /// <summary>Pause, resume or roll back the current rollout; false when there is none in a state that allows it.</summary>
    [Alias("control")]
    Task<bool> Control(RolloutAction action);
}
