namespace Fleet.Grains;

/// <summary>
/// Grain storage provider names; every host that runs grains registers them. (The agent directory
/// has its own incremental store, <see cref="Inventory.IDirectoryStore"/>.)
/// </summary>
public static class FleetStorage
{
    public const string Agents = "agents";
}
