using System.Text.Json;

namespace Fleet.Tests.Supervisor;

/// <summary>Reads what the management API shows of a supervised agent.</summary>
public static class AgentHealthJson
{
    public static bool Healthy(this JsonElement agent) =>
        agent.TryGetProperty("health", out var health) && health.ValueKind == JsonValueKind.Object && health.GetProperty("healthy").GetBoolean();

    public static string HealthText(this JsonElement agent, string field) =>
        agent.TryGetProperty("health", out var health) && health.ValueKind == JsonValueKind.Object
            && health.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : "";

    public static string? EffectiveConfigBody(this JsonElement agent, string file) =>
        agent.GetProperty("effectiveConfig") is { ValueKind: JsonValueKind.Object } files && files.TryGetProperty(file, out var entry)
            ? entry.GetProperty("body").GetString()
            : null;

    public static string? RemoteConfigError(this JsonElement agent) =>
        agent.GetProperty("remoteConfigStatus") is { ValueKind: JsonValueKind.Object } status
            && status.TryGetProperty("errorMessage", out var error) && error.ValueKind == JsonValueKind.String
            ? error.GetString()
            : null;

    public static JsonElement? Package(this JsonElement agent, string name) =>
        agent.GetProperty("packageStatuses").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(p => p!.Value.GetProperty("name").GetString() == name);
}
