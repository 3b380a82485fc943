namespace Fleet.Grains.Configs;

/// <summary>How a running rollout watches its agents.</summary>
public sealed class RolloutOptions
{
    public const string Section = "Fleet:Rollouts";

    /// <summary>
    /// How often a running rollout asks its reached agents that have not applied yet. Agents' reports
    /// move it on; this sweep only catches what they cannot tell: a lost report, an agent gone offline.
    /// </summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(3);
}
