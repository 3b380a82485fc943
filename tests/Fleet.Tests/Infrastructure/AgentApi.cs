using System.Net.Http.Json;
using System.Text.Json;

namespace Fleet.Tests.Infrastructure;

/// <summary>The management API as tests use it, on any HttpClient pointed at a management port.</summary>
public static class AgentApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<JsonElement?> Agent(this HttpClient api, Guid uid)
    {
        try
        {
            var response = await api.GetAsync($"/api/agents/{uid}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(Json) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Waits until GET /api/agents/{uid} satisfies the predicate; returns that body.</summary>
    public static async Task<JsonElement> AgentWhen(this HttpClient api, Guid uid, Func<JsonElement, bool> predicate, string because, TimeSpan? timeout = null)
    {
        JsonElement last = default;
        await Eventually.True(async () => await api.Agent(uid) is { } agent && predicate(last = agent), because, timeout);
        return last;
    }

    public static Task<HttpResponseMessage> SetConfig(this HttpClient api, Guid uid, string fileName, string body) =>
        api.PutAsJsonAsync($"/api/agents/{uid}/config", new { files = new Dictionary<string, object> { [fileName] = new { body, contentType = "text/yaml" } } });

    public static async Task<int> Total(this HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/agents?limit=1")).GetProperty("total").GetInt32();
}
