namespace Fleet.Contracts.Configs;

/// <summary>Which agents a profile applies to (label selector) and how it wins over others (higher priority first).</summary>
[GenerateSerializer, Immutable, Alias("fleet.profile-definition")]
public sealed record ProfileDefinition(
    [property: Id(0)] string Selector,
    [property: Id(1)] int Priority,
    [property: Id(2)] RolloutPolicy Policy);
