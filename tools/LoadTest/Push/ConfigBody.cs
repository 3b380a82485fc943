using System.Text;
using System.Text.Json;
using Fleet.LoadTest.Agents;
using Fleet.LoadTest.Options;

namespace Fleet.LoadTest.Push;

/// <summary>The config the load test pushes (per agent or as a profile version): the API's files body, unique per push.</summary>
public static class ConfigBody
{
    public static byte[] For(LoadTestOptions options, ulong runId)
    {
        var yaml = AgentProfile.ConfigYaml(options.ConfigBytes, $"pushed by the load test, run {runId:x12}, at {DateTimeOffset.UtcNow:O}");
        var body = new
        {
            files = new Dictionary<string, object>
            {
                [AgentProfile.ConfigFileName] = new { body = yaml, contentType = AgentProfile.ConfigContentType },
            },
        };
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body));
    }
}
