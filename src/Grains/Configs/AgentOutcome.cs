namespace Fleet.Grains.Configs;

/// <summary>Where one agent stands with the version being rolled out.</summary>
[GenerateSerializer, Alias("fleet.agent-outcome")]
public enum AgentOutcome
{
    Pending = 0,
    Applying = 1,
    Applied = 2,
    Failed = 3,
    /// <summary>Disconnected: gets the version when it reconnects; does not hold the rollout back.</summary>
    Offline = 4,
    /// <summary>Runs another config (its own, or a higher-priority profile's): not this rollout's to wait for.</summary>
    Overridden = 5,
}
