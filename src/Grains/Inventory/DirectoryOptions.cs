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

    /// <summary>
    /// Save unsaved changes when the silo shuts down. Off in the embedded default: in-memory storage
    /// stops with the silo, so those writes could only fail (and retry) and slow the shutdown.
    /// </summary>
    public bool SaveOnShutdown { get; set; } = true;

    /// <summary>Whether a shard deactivating for <paramref name="reason"/> writes its state first.</summary>
    public bool SavesOnDeactivation(bool dirty, Orleans.DeactivationReasonCode reason) =>
        dirty && (SaveOnShutdown || reason != Orleans.DeactivationReasonCode.ShuttingDown);
}
