namespace Fleet.Grains;

/// <summary>Grain storage provider names; every host that runs grains registers both.</summary>
public static class FleetStorage
{
    public const string Agents = "agents";
    public const string Directory = "directory";
}
