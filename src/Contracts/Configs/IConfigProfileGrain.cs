using Fleet.Contracts.Agents;
using Orleans.Concurrency;

namespace Fleet.Contracts.Configs;

/// <summary>A named, versioned config assigned to agents by label selector; new versions roll out in batches.</summary>
[Alias("fleet.config-profile")]
public interface IConfigProfileGrain : IGrainWithStringKey
{
    /// <summary>The profile and its rollout as they stand; answered even while a rollout's turn awaits its agents.</summary>
    [Alias("get"), AlwaysInterleave]
    Task<ProfileInfo?> Get();

    [Alias("define")]
    Task<ProfileInfo> Define(ProfileDefinition definition);

    /// <summary>
    /// Stores a new version and plans its rollout; null when the profile is not defined. Returns once
    /// both are saved: the first batch is assigned right after, by the grain itself.
    /// </summary>
    [Alias("publish")]
    Task<ProfileVersionInfo?> Publish(Dictionary<string, ConfigFile> files);

    [Alias("version")]
    Task<Dictionary<string, ConfigFile>?> GetVersion(int version);

    /// <summary>Pause, resume or roll back the current rollout; false when there is none in a state that allows it.</summary>
    [Alias("control")]
    Task<bool> Control(RolloutAction action);

    /// <summary>
    /// An agent that a rollout assigned <paramref name="version"/> to says how it stands with it (sent by
    /// the agent's grain when its config status changes, or at assignment when nothing will change by
    /// itself). Ignored unless that version is rolling out and the agent is in a batch it reached.
    /// Interleaves with the grain's turns: 10k agents answering do not wait behind their batch's assignment.
    /// </summary>
    [OneWay, AlwaysInterleave, Alias("report-outcome")]
    Task ReportOutcome(Guid agent, int version, AgentConfigState? state);

    /// <summary>Carries a running rollout on (assigns its current batch, or decides on the reports taken); the grain sends it to itself.</summary>
    [OneWay, Alias("advance")]
    Task Advance();
}
