using Fleet.Contracts.Agents;

namespace Fleet.Grains.Inventory;

[GenerateSerializer, Alias("fleet.directory-state")]
public sealed record DirectoryState
{
    [Id(0)] public Dictionary<Guid, AgentSummary> Agents { get; init; } = [];
}
