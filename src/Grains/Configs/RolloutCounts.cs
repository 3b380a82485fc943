namespace Fleet.Grains.Configs;

/// <summary>What a rollout decides on: answers so far over the batches reached, and the current batch's open agents.</summary>
public readonly record struct RolloutCounts(int Applied, int Failed, int OpenInBatch);
