namespace Fleet.Contracts.Configs;

[GenerateSerializer, Immutable, Alias("fleet.profile-index-entry")]
public sealed record ProfileIndexEntry(
    [property: Id(0)] string Name,
    [property: Id(1)] string Selector,
    [property: Id(2)] int Priority,
    [property: Id(3)] ProfileAssignment? Stable);
