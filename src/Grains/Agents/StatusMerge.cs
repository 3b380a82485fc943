using Fleet.Contracts.OpAmp;

namespace Fleet.Grains.Agents;

/// <summary>
/// Applies one AgentToServer message to the last full status. Agents compress status by omitting
/// fields that did not change, so a field the message leaves out keeps its known value.
/// </summary>
public static class StatusMerge
{
    /// <summary>Returns the merged status and whether anything the server stores changed.</summary>
    public static (AgentToServer Status, bool Changed) Merge(AgentToServer? known, AgentToServer incoming)
    {
        var merged = known?.Clone() ?? new AgentToServer();
        var changed = known is null;

        changed |= Replace(incoming.AgentDescription, merged.AgentDescription, v => merged.AgentDescription = v);
        changed |= Replace(incoming.Health, merged.Health, v => merged.Health = v);
        changed |= Replace(incoming.EffectiveConfig, merged.EffectiveConfig, v => merged.EffectiveConfig = v);
        changed |= Replace(incoming.RemoteConfigStatus, merged.RemoteConfigStatus, v => merged.RemoteConfigStatus = v);
        changed |= Replace(incoming.PackageStatuses, merged.PackageStatuses, v => merged.PackageStatuses = v);
        changed |= Replace(incoming.CustomCapabilities, merged.CustomCapabilities, v => merged.CustomCapabilities = v);
        changed |= Replace(incoming.AvailableComponents, merged.AvailableComponents, v => merged.AvailableComponents = v);
        changed |= Replace(incoming.ConnectionSettingsStatus, merged.ConnectionSettingsStatus, v => merged.ConnectionSettingsStatus = v);

        // Capabilities is a scalar that agents must always set; 0 means "not sent".
        if (incoming.Capabilities != 0 && incoming.Capabilities != merged.Capabilities)
        {
            merged.Capabilities = incoming.Capabilities;
            changed = true;
        }

        merged.InstanceUid = incoming.InstanceUid;
        return (merged, changed);
    }

    private static bool Replace<T>(T? incoming, T? known, Action<T> set)
        where T : class, Google.Protobuf.IMessage<T>
    {
        if (incoming is null || incoming.Equals(known))
        {
            return false;
        }
        set(incoming.Clone());
        return true;
    }
}
