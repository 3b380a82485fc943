using Fleet.Contracts.OpAmp;

namespace Fleet.Grains.Agents;

/// <summary>When to answer with ReportFullState: whenever the grain cannot be sure its status is complete.</summary>
public static class FullStateDecision
{
    /// <param name="lastSequenceNum">The sequence number last seen by this activation on this connection; null if none.</param>
    /// <param name="incoming">The message just received.</param>
    public static bool NeedsFullState(ulong? lastSequenceNum, AgentToServer incoming)
    {
        // A message carrying the description is how agents start and reconnect: it is a full report.
        if (incoming.AgentDescription is not null)
        {
            return false;
        }

        // New activation or new connection: whatever the agent compressed away is unknown here.
        if (lastSequenceNum is not { } last)
        {
            return true;
        }

        // A gap (or a repeat) means messages were lost or reordered.
        return incoming.SequenceNum != last + 1;
    }
}
