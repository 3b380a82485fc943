using Fleet.Contracts.Configs;

namespace Fleet.Grains.Configs;

/// <summary>A profile: its definition, every version it ever had, and its rollout (which survives silo restarts).</summary>
[GenerateSerializer, Alias("fleet.profile-state")]
public sealed record ProfileState
{
    [Id(0)] public ProfileDefinition? Definition { get; init; }

    [Id(1)] public List<StoredVersion> Versions { get; init; } = [];

    [Id(2)] public int? StableVersion { get; init; }

    [Id(3)] public Rollout? Rollout { get; init; }

    /// <summary>Set once a deletion is asked for; the profile is gone when the deletion ends.</summary>
    [Id(4)] public DateTimeOffset? DeletingSince { get; init; }
}
