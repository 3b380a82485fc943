namespace Fleet.Contracts.Configs;

/// <summary>
/// Deleting a profile, on its grain. An interface of its own, not a method of
/// <see cref="IConfigProfileGrain"/>: callers use it only once every silo has it (<see cref="ClusterSupport"/>).
/// </summary>
/// <remarks>
/// Replaces the unreleased <c>IProfileRetirement</c>, whose deletion ran whole inside the call (and outlived
/// the caller's timeout on a large fleet); a new interface, so a silo that has only that one is waited for.
/// </remarks>
[Alias("fleet.profile-deletion")]
public interface IProfileDeletion : IGrainWithStringKey
{
    /// <summary>
    /// Marks the profile deleting (stored: a restarted silo carries on), stops its rollout and takes it out
    /// of matching; then withdraws it from every agent that has it (each falls back to its own config or its
    /// next profile, pushed as usual) and deletes it with its versions. Waits up to <paramref name="wait"/>
    /// for that to finish; the deletion goes on after the answer either way. Null when no such profile is
    /// defined.
    /// </summary>
    [Alias("delete")]
    Task<ProfileDeletion?> Delete(TimeSpan wait);
}
