namespace Fleet.Contracts.Configs;

[GenerateSerializer, Alias("fleet.rollout-action")]
public enum RolloutAction
{
    Pause = 0,
    Resume = 1,
    Rollback = 2,
}
