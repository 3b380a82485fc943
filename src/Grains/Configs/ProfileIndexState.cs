using Fleet.Contracts.Configs;

namespace Fleet.Grains.Configs;

[GenerateSerializer, Alias("fleet.profile-index-state")]
public sealed record ProfileIndexState
{
    [Id(0)] public Dictionary<string, ProfileIndexEntry> Profiles { get; init; } = [];
}
