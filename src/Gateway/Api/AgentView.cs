using Fleet.Contracts.Agents;

namespace Fleet.Gateway.Api;

/// <summary>One agent in the management API's list.</summary>
public record AgentView(
    string InstanceUid,
    Dictionary<string, string> IdentifyingAttributes,
    Dictionary<string, string> NonIdentifyingAttributes,
    bool Connected,
    AgentTransport? Transport,
    DateTimeOffset LastSeen,
    bool? Healthy,
    string? HealthStatus,
    string? EffectiveConfigHash,
    RemoteConfigState? RemoteConfigStatus,
    string? DesiredConfigHash,
    IReadOnlyList<string> Capabilities,
    bool Drifted);
