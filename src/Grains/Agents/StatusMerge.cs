using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Grains.Agents;

/// <summary>
/// Applies one AgentToServer message to the last full status. Agents compress status by omitting
/// fields that did not change, so a field the message leaves out keeps its known value.
/// </summary>
/// <remarks>
/// Statuses are treated as immutable once merged: a message that changes nothing returns the known
/// status itself, and a change shares the unchanged parts with it, so a heartbeat allocates nothing
/// and a health change does not copy the effective config. The incoming message is handed over too:
/// its changed parts become the merged status' own, uncopied (a first message's description and
/// effective config are most of what it allocates), so the caller must not change it afterwards.
/// </remarks>
public static class StatusMerge
{
    /// <summary>Returns the merged status and whether anything the server stores changed.</summary>
    public static (AgentToServer Status, bool Changed) Merge(AgentToServer? known, AgentToServer incoming)
    {
        var description = Differs(incoming.AgentDescription, known?.AgentDescription);
        var health = Differs(incoming.Health, known?.Health);
        var effectiveConfig = Differs(incoming.EffectiveConfig, known?.EffectiveConfig);
        var remoteConfigStatus = Differs(incoming.RemoteConfigStatus, known?.RemoteConfigStatus);
        var packageStatuses = Differs(incoming.PackageStatuses, known?.PackageStatuses);
        var customCapabilities = Differs(incoming.CustomCapabilities, known?.CustomCapabilities);
        var availableComponents = Differs(incoming.AvailableComponents, known?.AvailableComponents);
        var connectionSettingsStatus = Differs(incoming.ConnectionSettingsStatus, known?.ConnectionSettingsStatus);
        // Capabilities is a scalar that agents must always set; 0 means "not sent".
        var capabilities = incoming.Capabilities != 0 && incoming.Capabilities != known?.Capabilities;
        var changed = known is null || description || health || effectiveConfig || remoteConfigStatus || packageStatuses
            || customCapabilities || availableComponents || connectionSettingsStatus || capabilities;

        if (known is not null && !changed && known.InstanceUid.Equals(incoming.InstanceUid))
        {
            return (known, false);
        }

        var merged = new AgentToServer
        {
            InstanceUid = incoming.InstanceUid,
            Capabilities = capabilities ? incoming.Capabilities : known?.Capabilities ?? 0,
            AgentDescription = description ? incoming.AgentDescription : known?.AgentDescription,
            Health = health ? incoming.Health : known?.Health,
            EffectiveConfig = effectiveConfig ? incoming.EffectiveConfig : known?.EffectiveConfig,
            RemoteConfigStatus = remoteConfigStatus ? incoming.RemoteConfigStatus : known?.RemoteConfigStatus,
            PackageStatuses = packageStatuses ? incoming.PackageStatuses : known?.PackageStatuses,
            CustomCapabilities = customCapabilities ? incoming.CustomCapabilities : known?.CustomCapabilities,
            AvailableComponents = availableComponents ? incoming.AvailableComponents : known?.AvailableComponents,
            ConnectionSettingsStatus = connectionSettingsStatus ? incoming.ConnectionSettingsStatus : known?.ConnectionSettingsStatus,
        };
        return (merged, changed);
    }

    private static bool Differs<T>(T? incoming, T? known)
        where T : class, IMessage<T> =>
        incoming is not null && !incoming.Equals(known);
}
