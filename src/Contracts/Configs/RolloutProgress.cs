namespace Fleet.Contracts.Configs;

/// <summary>A rollout as operators watch it.</summary>
/// <param name="State">running, paused, completed or rolledBack.</param>
/// <param name="CompletedAt">When it completed (server clock): with StartedAt, how long the rollout took.</param>
[GenerateSerializer, Immutable, Alias("fleet.rollout-progress")]
public sealed record RolloutProgress(
    [property: Id(0)] int Version,
    [property: Id(1)] int? PreviousVersion,
    [property: Id(2)] string State,
    [property: Id(3)] string? PausedReason,
    [property: Id(4)] int CurrentBatch,
    [property: Id(5)] List<int> BatchSizes,
    [property: Id(6)] int Targets,
    [property: Id(7)] int Pending,
    [property: Id(8)] int Applying,
    [property: Id(9)] int Applied,
    [property: Id(10)] int Failed,
    [property: Id(11)] DateTimeOffset StartedAt,
    [property: Id(12)] int Offline,
    [property: Id(13)] int Overridden,
    [property: Id(14)] DateTimeOffset? CompletedAt = null);
