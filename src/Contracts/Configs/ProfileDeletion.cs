namespace Fleet.Contracts.Configs;

/// <summary>Where a profile's deletion stands: the agents it was withdrawn from so far, and whether it is gone.</summary>
[GenerateSerializer, Immutable, Alias("fleet.profile-deletion-progress")]
public sealed record ProfileDeletion(
    [property: Id(0)] int WithdrawnFrom,
    [property: Id(1)] bool Done);
