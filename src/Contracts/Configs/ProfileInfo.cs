namespace Fleet.Contracts.Configs;

[GenerateSerializer, Immutable, Alias("fleet.profile-info")]
public sealed record ProfileInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] ProfileDefinition Definition,
    [property: Id(2)] List<ProfileVersionInfo> Versions,
    [property: Id(3)] int? StableVersion,
    [property: Id(4)] RolloutProgress? Rollout,
    [property: Id(5)] DateTimeOffset? DeletingSince = null);
