namespace Fleet.Contracts.Configs;

/// <summary>Removing a deleted profile from the index (key 0); a new interface, as <see cref="IProfileDeletion"/>.</summary>
[Alias("fleet.profile-index-removal")]
public interface IProfileIndexRemoval : IGrainWithIntegerKey
{
    [Alias("remove")]
    Task Remove(string name);
}
