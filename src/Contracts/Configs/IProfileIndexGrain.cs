namespace Fleet.Contracts.Configs;

/// <summary>
/// All profiles' selectors and stable versions in one place (key 0), so an agent seen for the first
/// time learns in one call which profiles apply to it.
/// </summary>
[Alias("fleet.profile-index")]
public interface IProfileIndexGrain : IGrainWithIntegerKey
{
    [Alias("upsert")]
    Task Upsert(ProfileIndexEntry entry);

    [Alias("names"), Orleans.Concurrency.ReadOnly]
    Task<List<string>> Names();

    /// <summary>The stable assignments of every profile whose selector matches these attributes.</summary>
    [Alias("match"), Orleans.Concurrency.ReadOnly]
    Task<List<ProfileAssignment>> Match(Dictionary<string, string> attributes);
}
