namespace Fleet.Contracts.Configs;

/// <summary>
/// Deleting a profile, on its grain. An interface of its own, not a method of
/// <see cref="IConfigProfileGrain"/>: callers use it only once every silo has it (<see cref="ClusterSupport"/>).
/// </summary>
[Alias("fleet.profile-retirement")]
public interface IProfileRetirement : IGrainWithStringKey
{
    /// <summary>
    /// Stops its rollout, withdraws the profile from every agent that has it (each falls back to its own
    /// config or its next profile, pushed as usual) and deletes the profile with its versions. Returns
    /// how many agents it was withdrawn from; null when no such profile is defined.
    /// </summary>
    [Alias("delete")]
    Task<int?> Delete();
}
