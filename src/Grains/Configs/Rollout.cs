namespace Fleet.Grains.Configs;

/// <summary>
/// A version spreading over its targets in batches. <see cref="Batches"/> holds the target uids per
/// batch; batches before <see cref="CurrentBatch"/> have been assigned the version, and the current one
/// too once <see cref="BatchAssigned"/>.
/// </summary>
[GenerateSerializer, Alias("fleet.rollout")]
public sealed record Rollout
{
    [Id(0)] public required int Version { get; init; }
    [Id(1)] public int? PreviousVersion { get; init; }
    [Id(2)] public required List<List<Guid>> Batches { get; init; }
    [Id(3)] public int CurrentBatch { get; init; }
    [Id(4)] public RolloutState State { get; init; } = RolloutState.Running;
    [Id(5)] public string? PausedReason { get; init; }
    [Id(6)] public DateTimeOffset StartedAt { get; init; }

    /// <summary>Last observed outcome per assigned agent.</summary>
    [Id(7)] public Dictionary<Guid, AgentOutcome> Outcomes { get; init; } = [];

    /// <summary>
    /// Every agent of the current batch has been assigned the version. Until then the grain keeps
    /// assigning (again from the batch's start after a restart: assigning is idempotent).
    /// </summary>
    [Id(8)] public bool BatchAssigned { get; init; }

    /// <summary>When the last batch settled (state completed), by the server's clock.</summary>
    [Id(9)] public DateTimeOffset? CompletedAt { get; init; }
}
