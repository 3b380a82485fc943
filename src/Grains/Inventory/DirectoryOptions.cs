namespace Fleet.Grains.Inventory;

/// <summary>How the agent directory saves (section "Fleet:Directory").</summary>
public sealed class DirectoryOptions
{
    public const string Section = "Fleet:Directory";

    /// <summary>
    /// Save a shard before confirming a new agent (group commits: concurrent additions share one write),
    /// so the inventory survives a silo loss. Pointless with in-memory storage, where the embedded
    /// default turns it off; cluster silos keep it on.
    /// </summary>
    public bool SaveNewAgentsImmediately { get; set; } = true;
}
