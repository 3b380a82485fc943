using Fleet.Contracts.Agents;

namespace Fleet.Gateway.Api;

/// <summary>Everything known about one agent, as <c>GET /api/agents/{uid}</c> returns it.</summary>
public sealed record AgentDetailView(
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
    bool Drifted,
    DateTimeOffset FirstSeen,
    string? GatewayId,
    ulong? LastSequenceNum,
    Dictionary<string, ConfigFileView>? EffectiveConfig,
    Dictionary<string, ConfigFileView>? DesiredConfig,
    ComponentHealthView? Health,
    IReadOnlyList<PackageStatusView> PackageStatuses,
    IReadOnlyList<string> CustomCapabilities,
    string? ConfigSource,
    ConnectionSettingsView? ConnectionSettings,
    Fleet.Contracts.Connections.IssuedCertificate? Certificate)
    : AgentView(InstanceUid, IdentifyingAttributes, NonIdentifyingAttributes, Connected, Transport, LastSeen, Healthy,
        HealthStatus, EffectiveConfigHash, RemoteConfigStatus, DesiredConfigHash, Capabilities, Drifted)
{
    /// <summary>Values of secret-looking keys in the config bodies were replaced by "&lt;redacted&gt;" (viewer role, or ?redact=true).</summary>
    public bool SecretsRedacted { get; init; }
}
