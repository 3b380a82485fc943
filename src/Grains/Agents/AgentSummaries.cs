using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Grains.Configs;

namespace Fleet.Grains.Agents;

/// <summary>Projects an agent's status into the directory's summary, and tells when a summary is worth republishing.</summary>
public static class AgentSummaries
{
    public static AgentSummary From(
        Guid uid, AgentToServer status, AgentConnection? connection, bool connected,
        DateTimeOffset lastSeen, AgentRemoteConfig? desired)
    {
        var effectiveHash = status.EffectiveConfig?.ConfigMap is { } map ? ConfigHash.ToHex(ConfigHash.Compute(map)) : null;
        var desiredHash = desired is null ? null : Convert.ToHexStringLower(desired.ConfigHash.Span);
        return new(
            uid,
            Attributes(status.AgentDescription?.IdentifyingAttributes),
            Attributes(status.AgentDescription?.NonIdentifyingAttributes),
            connected,
            connection?.Transport,
            lastSeen,
            status.Health?.Healthy,
            status.Health?.Status is { Length: > 0 } s ? s : null,
            effectiveHash,
            status.RemoteConfigStatus is { } rc
                ? new RemoteConfigState(
                    StatusName(rc.Status),
                    rc.LastRemoteConfigHash.IsEmpty ? null : Convert.ToHexStringLower(rc.LastRemoteConfigHash.Span),
                    rc.ErrorMessage is { Length: > 0 } e ? e : null)
                : null,
            desiredHash,
            status.Capabilities,
            IsDrifted(effectiveHash, desiredHash),
            status.PackageStatuses is { Packages.Count: > 0 } packages
                ? packages.Packages.ToDictionary(kv => kv.Key, kv => PackageStatusName(kv.Value.Status))
                : null,
            status.CustomCapabilities is { Capabilities.Count: > 0 } custom ? [.. custom.Capabilities] : null);
    }

    /// <summary>
    /// Drifted: the server wants a config and the agent reports running something else. Agents that
    /// do not report their effective config cannot be judged, so they are not flagged.
    /// </summary>
    public static bool IsDrifted(string? effectiveHash, string? desiredHash) =>
        desiredHash is not null && effectiveHash is not null && effectiveHash != desiredHash;

    /// <summary>True when anything but last-seen differs.</summary>
    public static bool Differ(AgentSummary? a, AgentSummary b) =>
        a is null
        || a.Connected != b.Connected
        || a.Transport != b.Transport
        || a.Healthy != b.Healthy
        || a.HealthStatus != b.HealthStatus
        || a.EffectiveConfigHash != b.EffectiveConfigHash
        || a.RemoteConfig != b.RemoteConfig
        || a.DesiredConfigHash != b.DesiredConfigHash
        || a.Capabilities != b.Capabilities
        || a.Drifted != b.Drifted
        || !SameAttributes(a.Packages ?? [], b.Packages ?? [])
        || !(a.CustomCapabilities ?? []).SequenceEqual(b.CustomCapabilities ?? [])
        || !SameAttributes(a.IdentifyingAttributes, b.IdentifyingAttributes)
        || !SameAttributes(a.NonIdentifyingAttributes, b.NonIdentifyingAttributes);

    public static string PackageStatusName(PackageStatusEnum status) => status switch
    {
        PackageStatusEnum.Installed => "installed",
        PackageStatusEnum.InstallPending => "pending",
        PackageStatusEnum.Installing => "installing",
        PackageStatusEnum.Downloading => "downloading",
        _ => "failed",
    };

    public static string StatusName(RemoteConfigStatuses status) => status switch
    {
        RemoteConfigStatuses.Applied => "APPLIED",
        RemoteConfigStatuses.Applying => "APPLYING",
        RemoteConfigStatuses.Failed => "FAILED",
        _ => "UNSET",
    };

    public static string AttributeText(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(",", value.ArrayValue.Values.Select(AttributeText)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(",", value.KvlistValue.Values.Select(kv => kv.Key + "=" + AttributeText(kv.Value))) + "}",
        _ => "",
    };

    /// <summary>
    /// The attributes profile and package selectors match: non-identifying and identifying together,
    /// identifying winning a key both have. Read straight from the description: an agent's first
    /// message needs them before anything else, and a whole summary would hash its effective config.
    /// </summary>
    public static Dictionary<string, string> SelectorAttributes(AgentDescription? description)
    {
        var attributes = Attributes(description?.NonIdentifyingAttributes);
        foreach (var kv in description?.IdentifyingAttributes ?? [])
        {
            attributes[kv.Key] = AttributeText(kv.Value);
        }
        return attributes;
    }

    private static Dictionary<string, string> Attributes(IEnumerable<KeyValue>? attributes)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in attributes ?? [])
        {
            result[kv.Key] = AttributeText(kv.Value);
        }
        return result;
    }

    private static bool SameAttributes(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
