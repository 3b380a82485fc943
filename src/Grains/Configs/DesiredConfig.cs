using Fleet.Contracts.Configs;
using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Grains.Configs;

/// <summary>
/// Which config an agent should run. Precedence: the per-agent config set through the API wins; then
/// the matching profile with the highest priority; equal priorities go to the name first in ordinal order.
/// </summary>
public static class DesiredConfig
{
    public const string OverrideSource = "agent";

    public static (AgentRemoteConfig? Config, string? Source) Resolve(AgentRemoteConfig? agentOverride, IEnumerable<ProfileAssignment> profiles)
    {
        if (agentOverride is not null)
        {
            return (agentOverride, OverrideSource);
        }
        var winner = Winner(profiles);
        return winner is null
            ? (null, null)
            : (new AgentRemoteConfig
            {
                Config = AgentConfigMap.Parser.ParseFrom(winner.ConfigMap),
                ConfigHash = ByteString.CopyFrom(Convert.FromHexString(winner.ConfigHash)),
            }, $"profile:{winner.Profile}@{winner.Version}");
    }

    /// <summary>The profile assignment that wins among these (when the agent has no config of its own).</summary>
    public static ProfileAssignment? Winner(IEnumerable<ProfileAssignment> profiles) => profiles
        .OrderByDescending(p => p.Priority)
        .ThenBy(p => p.Profile, StringComparer.Ordinal)
        .FirstOrDefault();
}
