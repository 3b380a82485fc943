using Fleet.Contracts.OpAmp;

namespace Fleet.Grains.Agents;

/// <summary>When to answer with ReportFullState: whenever the grain cannot be sure its status is complete.</summary>
public static class FullStateDecision
{
    /// <param name="lastSequenceNum">The sequence number last seen by this activation on this connection; null if none.</param>
    /// <param name="incoming">The message just received.</param>
    /// <param name="merged">The agent's status with <paramref name="incoming"/> merged in.</param>
    public static bool NeedsFullState(ulong? lastSequenceNum, AgentToServer incoming, AgentToServer merged)
    {
        // The next message of this connection: nothing was lost in between.
        if (lastSequenceNum is { } last && incoming.SequenceNum == last + 1)
        {
            return false;
        }

        // A gap, a repeat, a new connection or a new activation: what the agent compressed away is unknown
        // — unless this message itself is a full report.
        var capabilities = incoming.Capabilities != 0 ? incoming.Capabilities : merged.Capabilities;
        if (incoming.AgentDescription is not null && HoldsReportedStatus(incoming, capabilities))
        {
            return false;
        }

        // After a gap, the lost messages may have changed what this one leaves out.
        if (lastSequenceNum is not null || incoming.AgentDescription is null)
        {
            return true;
        }

        // Agents start and reconnect with their description. An agent's first message ever (sequence
        // number 0 or 1) has nothing to compress away; a reconnecting one may leave out what has not
        // changed since its last report, which is fine while this grain holds it (not after a restart lost it).
        return incoming.SequenceNum > 1 && !HoldsReportedStatus(merged, capabilities);
    }

    /// <summary>
    /// Health and effective config when the agent reports them: parts an agent always has. Remote config and
    /// package statuses are absent until the agent was first sent some, so their absence proves nothing.
    /// </summary>
    private static bool HoldsReportedStatus(AgentToServer status, ulong capabilities) =>
        (!Reports(capabilities, AgentCapabilities.ReportsHealth) || status.Health is not null)
        && (!Reports(capabilities, AgentCapabilities.ReportsEffectiveConfig) || status.EffectiveConfig is not null);

    private static bool Reports(ulong capabilities, AgentCapabilities capability) => (capabilities & (ulong)capability) != 0;
}
