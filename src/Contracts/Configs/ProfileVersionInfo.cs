namespace Fleet.Contracts.Configs;

[GenerateSerializer, Immutable, Alias("fleet.profile-version-info")]
public sealed record ProfileVersionInfo(
    [property: Id(0)] int Version,
    [property: Id(1)] string ConfigHash,
    [property: Id(2)] DateTimeOffset CreatedAt);
