namespace Fleet.Grains.Configs;

/// <summary>What a running rollout does after an outcome changed (<see cref="RolloutPlanner.Next"/>).</summary>
public enum RolloutStep
{
    Wait = 0,
    Pause = 1,
    NextBatch = 2,
    Complete = 3,
}
