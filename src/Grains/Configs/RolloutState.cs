namespace Fleet.Grains.Configs;

[GenerateSerializer, Alias("fleet.rollout-state")]
public enum RolloutState
{
    Running = 0,
    Paused = 1,
    Completed = 2,
    RolledBack = 3,
}
