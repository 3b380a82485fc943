using Fleet.Contracts.OpAmp;

namespace Fleet.Client;

/// <summary>What the agent made of a remote config: the status to report and, when applied, its new effective config.</summary>
public sealed record RemoteConfigOutcome(RemoteConfigStatuses Status, string? ErrorMessage = null, AgentConfigMap? EffectiveConfig = null)
{
    public static RemoteConfigOutcome Applied(AgentConfigMap effective) => new(RemoteConfigStatuses.Applied, null, effective);

    public static RemoteConfigOutcome Failed(string error) => new(RemoteConfigStatuses.Failed, error);
}
