using System.Text.Json;

namespace Fleet.Tests.Infrastructure;

/// <summary>Reads the management API's agent JSON without tripping over nulls.</summary>
public static class AgentJson
{
    public static string? RemoteConfigStatus(this JsonElement agent) =>
        agent.GetProperty("remoteConfigStatus") is { ValueKind: JsonValueKind.Object } status
            ? status.GetProperty("status").GetString()
            : null;

    public static bool Connected(this JsonElement agent) => agent.GetProperty("connected").GetBoolean();

    public static string? ServiceName(this JsonElement agent) =>
        agent.GetProperty("identifyingAttributes").TryGetProperty("service.name", out var name) ? name.GetString() : null;
}
