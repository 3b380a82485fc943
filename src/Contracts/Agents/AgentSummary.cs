namespace Fleet.Contracts.Agents;

/// <summary>
/// What the agent list shows for one agent (Packages: package name → reported status). Kept by the directory so listing never wakes agent grains.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.agent-summary")]
public sealed record AgentSummary(
    [property: Id(0)] Guid InstanceUid,
    [property: Id(1)] Dictionary<string, string> IdentifyingAttributes,
    [property: Id(2)] Dictionary<string, string> NonIdentifyingAttributes,
    [property: Id(3)] bool Connected,
    [property: Id(4)] AgentTransport? Transport,
    [property: Id(5)] DateTimeOffset LastSeen,
    [property: Id(6)] bool? Healthy,
    [property: Id(7)] string? HealthStatus,
    [property: Id(8)] string? EffectiveConfigHash,
    [property: Id(9)] RemoteConfigState? RemoteConfig,
    [property: Id(10)] string? DesiredConfigHash,
    [property: Id(11)] ulong Capabilities,
    [property: Id(12)] bool Drifted = false,
    [property: Id(13)] Dictionary<string, string>? Packages = null,
    [property: Id(14)] List<string>? CustomCapabilities = null)
{
    /// <summary>An attribute's value, identifying first; null when the agent does not report it.</summary>
    public string? Attribute(string key) =>
        IdentifyingAttributes.TryGetValue(key, out var value) || NonIdentifyingAttributes.TryGetValue(key, out value) ? value : null;
}
