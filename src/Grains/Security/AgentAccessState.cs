using Fleet.Contracts.Security;

namespace Fleet.Grains.Security;

[GenerateSerializer, Alias("fleet.agent-access-state")]
public sealed record AgentAccessState
{
    [Id(0)] public long Version { get; init; }
    [Id(1)] public byte[]? SigningKey { get; init; }
    [Id(2)] public Dictionary<Guid, StoredEnrollmentToken> Tokens { get; init; } = [];
    [Id(3)] public Dictionary<Guid, AgentRevocation> Agents { get; init; } = [];
}
