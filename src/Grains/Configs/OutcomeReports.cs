using Fleet.Contracts.Configs;
using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Grains.Configs;

/// <summary>
/// When an agent's grain tells the rollout that assigned it a version how it stands
/// (<see cref="IConfigProfileGrain.ReportOutcome"/>): on a real change, never per heartbeat.
/// </summary>
public static class OutcomeReports
{
    /// <summary>
    /// The agent's config status changed and is now about the config it should run (APPLYING,
    /// APPLIED or FAILED for the desired hash): the rollout learns it at once instead of at its next sweep.
    /// </summary>
    public static bool OnStatusChange(RemoteConfigStatus? before, RemoteConfigStatus? after, ByteString? desiredHash) =>
        after is not null
        && desiredHash is { IsEmpty: false }
        && !after.Equals(before)
        && after.LastRemoteConfigHash.Equals(desiredHash)
        && after.Status is RemoteConfigStatuses.Applying or RemoteConfigStatuses.Applied or RemoteConfigStatuses.Failed;

    /// <summary>
    /// Just assigned: report unless the agent is about to get the config and will answer by changing its
    /// status. An agent already running that hash, offline, or held by another config would otherwise
    /// leave the rollout waiting for a message that never comes.
    /// </summary>
    public static bool AtAssignment(AgentConfigState? agent, string versionHash) =>
        RolloutPlanner.Outcome(agent, versionHash) != AgentOutcome.Pending;
}
