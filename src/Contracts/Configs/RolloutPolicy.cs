namespace Fleet.Contracts.Configs;

/// <summary>
/// How a new profile version spreads: a first batch, each next batch <see cref="GrowthFactor"/> times
/// bigger up to <see cref="MaxBatch"/>; the next batch starts once every connected agent of the
/// current one answered; the rollout pauses when the failed share of answers exceeds the threshold.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.rollout-policy")]
public sealed record RolloutPolicy(
    [property: Id(0)] int InitialBatch = 3,
    [property: Id(1)] int GrowthFactor = 5,
    [property: Id(2)] int MaxBatch = 1000,
    [property: Id(3)] double FailureThreshold = 0.1);
