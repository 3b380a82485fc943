using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Gateway.Security.Secrets;
using Google.Protobuf.Collections;

namespace Fleet.Gateway.Api;

/// <summary>Turns grain DTOs and OpAMP messages into the API's JSON shapes.</summary>
public static class AgentViews
{
    private static readonly AgentCapabilities[] AllCapabilities =
        Enum.GetValues<AgentCapabilities>().Where(c => c != AgentCapabilities.Unspecified).ToArray();

    public static AgentView From(AgentSummary s) => new(
        InstanceUid.Format(s.InstanceUid), s.IdentifyingAttributes, s.NonIdentifyingAttributes, s.Connected, s.Transport,
        s.LastSeen, s.Healthy, s.HealthStatus, s.EffectiveConfigHash, s.RemoteConfig, s.DesiredConfigHash,
        CapabilityNames(s.Capabilities), s.Drifted);

    public static AgentDetailView From(AgentDetail detail)
    {
        var s = detail.Summary;
        var status = AgentToServer.Parser.ParseFrom(detail.Status);
        var desired = detail.DesiredConfig is { } bytes ? AgentRemoteConfig.Parser.ParseFrom(bytes) : null;
        return new AgentDetailView(
            InstanceUid.Format(s.InstanceUid), s.IdentifyingAttributes, s.NonIdentifyingAttributes, s.Connected, s.Transport,
            s.LastSeen, s.Healthy, s.HealthStatus, s.EffectiveConfigHash, s.RemoteConfig, s.DesiredConfigHash,
            CapabilityNames(s.Capabilities),
            s.Drifted,
            detail.FirstSeen,
            detail.GatewayId,
            detail.LastSequenceNum,
            Files(status.EffectiveConfig?.ConfigMap),
            Files(desired?.Config),
            status.Health is { } health ? Health(health) : null,
            status.PackageStatuses?.Packages.Values.Select(Package).ToList() ?? [],
            status.CustomCapabilities?.Capabilities.ToList() ?? [],
            detail.ConfigSource,
            Connections(detail.ConnectionSettings is { } bytes2 ? ConnectionSettingsOffers.Parser.ParseFrom(bytes2) : null, status.ConnectionSettingsStatus),
            detail.Certificate);
    }

    private static ConnectionSettingsView? Connections(ConnectionSettingsOffers? offered, ConnectionSettingsStatus? reported) =>
        offered is null && reported is null
            ? null
            : new ConnectionSettingsView(
                offered is null ? null : Convert.ToHexStringLower(offered.Hash.Span),
                Text(offered?.Opamp?.DestinationEndpoint ?? ""),
                offered?.Opamp?.HeartbeatIntervalSeconds is > 0 and var heartbeat ? heartbeat : null,
                offered?.Opamp?.Certificate is not null,
                Text(offered?.OwnMetrics?.DestinationEndpoint ?? ""),
                Text(offered?.OwnTraces?.DestinationEndpoint ?? ""),
                Text(offered?.OwnLogs?.DestinationEndpoint ?? ""),
                offered?.OtherConnections.Keys.Order(StringComparer.Ordinal).ToList() ?? [],
                reported is null || reported.LastConnectionSettingsHash.IsEmpty ? null : Convert.ToHexStringLower(reported.LastConnectionSettingsHash.Span),
                reported?.Status.ToString().Replace("ConnectionSettingsStatuses", "", StringComparison.Ordinal).TrimStart('_').ToUpperInvariant(),
                Text(reported?.ErrorMessage ?? ""),
                offered?.Opamp?.Headers is { Headers_.Count: > 0 } headers
                    ? SecretRedactor.RedactHeaders(headers.Headers_.Select(h => KeyValuePair.Create(h.Key, h.Value)))
                    : null);

    /// <summary>The same view with secret values in the effective and desired config bodies replaced.</summary>
    public static AgentDetailView WithSecretsRedacted(AgentDetailView view) => view with
    {
        EffectiveConfig = Redacted(view.EffectiveConfig),
        DesiredConfig = Redacted(view.DesiredConfig),
        SecretsRedacted = true,
    };

    public static Dictionary<string, ConfigFileView>? Redacted(Dictionary<string, ConfigFileView>? files) =>
        files?.ToDictionary(kv => kv.Key, kv => kv.Value with { Body = SecretRedactor.Redact(kv.Value.Body, kv.Value.ContentType) });

    public static IReadOnlyList<string> CapabilityNames(ulong capabilities) =>
        AllCapabilities.Where(c => (capabilities & (ulong)c) != 0).Select(c => c.ToString()).ToList();

    private static Dictionary<string, ConfigFileView>? Files(AgentConfigMap? map) =>
        map?.ConfigMap.ToDictionary(kv => kv.Key, kv => new ConfigFileView(kv.Value.ContentType, kv.Value.Body.ToStringUtf8()));

    private static ComponentHealthView Health(ComponentHealth h) => new(
        h.Healthy,
        Text(h.Status),
        Text(h.LastError),
        Time(h.StartTimeUnixNano),
        Time(h.StatusTimeUnixNano),
        Components(h.ComponentHealthMap));

    private static Dictionary<string, ComponentHealthView> Components(MapField<string, ComponentHealth> map) =>
        map.ToDictionary(kv => kv.Key, kv => Health(kv.Value));

    private static PackageStatusView Package(PackageStatus p) => new(
        p.Name, Text(p.AgentHasVersion), Text(p.ServerOfferedVersion), p.Status.ToString(), Text(p.ErrorMessage));

    private static string? Text(string value) => value.Length > 0 ? value : null;

    private static DateTimeOffset? Time(ulong unixNanos) =>
        unixNanos == 0 ? null : DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100));
}
