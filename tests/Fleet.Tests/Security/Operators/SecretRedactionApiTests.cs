using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Security.Operators;

/// <summary>Secrets in an agent's configs: hidden from viewers always, from operators on request; offered header values hidden from everyone.</summary>
public class SecretRedactionApiTests(ApiKeyGateway gateway) : IClassFixture<ApiKeyGateway>
{
    private const ulong Caps = Messages.Caps | (ulong)AgentCapabilities.AcceptsOpAmpconnectionSettings;
    private const string Effective = "exporters:\n  otlp:\n    headers:\n      api_key: effective-secret-1\n    endpoint: otel:4317\n";

    private async Task<Guid> AgentWithSecrets(RawWebSocket socket)
    {
        var uid = Guid.CreateVersion7();
        var first = Messages.First(uid, "secretive", Caps);
        first.EffectiveConfig = new EffectiveConfig
        {
            ConfigMap = new AgentConfigMap { ConfigMap = { ["collector.yaml"] = new AgentConfigFile { Body = ByteString.CopyFromUtf8(Effective), ContentType = "text/yaml" } } },
        };
        await socket.Send(first);
        await socket.Receive();
        var desired = new { files = new Dictionary<string, object> { ["db.json"] = new { body = """{"user": "fleet", "password": "desired-secret-2"}""", contentType = "application/json" } } };
        (await gateway.Api.PutAsJsonAsync($"/api/agents/{uid}/config", desired)).EnsureSuccessStatusCode();
        return uid;
    }

    private static (string Effective, string Desired, bool Flag) Bodies(JsonElement agent) => (
        agent.GetProperty("effectiveConfig").GetProperty("collector.yaml").GetProperty("body").GetString()!,
        agent.GetProperty("desiredConfig").GetProperty("db.json").GetProperty("body").GetString()!,
        agent.GetProperty("secretsRedacted").GetBoolean());

    [Fact]
    public async Task AgentDetail_Viewer_SeesRedacted_OperatorSeesSecrets_OperatorAskingSeesRedacted()
    {
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        var uid = await AgentWithSecrets(socket);
        using var viewer = gateway.Client(ApiKeyGateway.ViewerKey);
        using var @operator = gateway.Client(ApiKeyGateway.OperatorKey);

        var asViewer = Bodies(await viewer.GetFromJsonAsync<JsonElement>($"/api/agents/{uid}"));
        var asViewerNotRedacting = Bodies(await viewer.GetFromJsonAsync<JsonElement>($"/api/agents/{uid}?redact=false"));
        var asOperator = Bodies(await @operator.GetFromJsonAsync<JsonElement>($"/api/agents/{uid}"));
        var asOperatorRedacting = Bodies(await @operator.GetFromJsonAsync<JsonElement>($"/api/agents/{uid}?redact=true"));

        Assert.Equal((Effective.Replace("effective-secret-1", "\"<redacted>\"", StringComparison.Ordinal), """{"user": "fleet", "password": "<redacted>"}""", true), asViewer);
        Assert.Equal(asViewer, asViewerNotRedacting);
        Assert.Equal((Effective, """{"user": "fleet", "password": "desired-secret-2"}""", false), asOperator);
        Assert.Equal(asViewer, asOperatorRedacting);
    }

    [Fact]
    public async Task ProfileVersion_Viewer_SeesRedacted_OperatorSeesTheSecret()
    {
        var created = await gateway.Api.PutAsJsonAsync("/api/profiles/redacted-profile", new { selector = "service.name=nobody" });
        created.EnsureSuccessStatusCode();
        var published = await gateway.Api.PostAsJsonAsync("/api/profiles/redacted-profile/versions",
            new { files = new Dictionary<string, object> { ["c.yaml"] = new { body = "token: profile-secret\n" } } });
        var version = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        using var viewer = gateway.Client(ApiKeyGateway.ViewerKey);
        using var @operator = gateway.Client(ApiKeyGateway.OperatorKey);

        string Body(JsonElement v) => v.GetProperty("files").GetProperty("c.yaml").GetProperty("body").GetString()!;

        Assert.Equal("token: \"<redacted>\"\n", Body(await viewer.GetFromJsonAsync<JsonElement>($"/api/profiles/redacted-profile/versions/{version}")));
        Assert.Equal("token: profile-secret\n", Body(await @operator.GetFromJsonAsync<JsonElement>($"/api/profiles/redacted-profile/versions/{version}")));
    }

    [Fact]
    public async Task ConnectionSettingsHeaders_SecretValuesRedactedEvenForAdmins()
    {
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        var uid = await AgentWithSecrets(socket);
        var settings = new { opamp = new { destinationEndpoint = "wss://opamp.example.com/v1/opamp", headers = new Dictionary<string, string> { ["Authorization"] = "Bearer agent-credential", ["X-Tenant"] = "t1" } } };

        var put = await gateway.Api.PutAsJsonAsync($"/api/agents/{uid}/connection-settings", settings);
        Assert.True(put.IsSuccessStatusCode, $"admin sets connection settings: {put.StatusCode}");

        var agent = await gateway.AgentWhen(uid, a => a.GetProperty("connectionSettings").ValueKind == JsonValueKind.Object, "the offer is shown");
        var headers = agent.GetProperty("connectionSettings").GetProperty("opAmpHeaders");
        Assert.Equal("<redacted>", headers.GetProperty("Authorization").GetString());
        Assert.Equal("t1", headers.GetProperty("X-Tenant").GetString());
        Assert.DoesNotContain("agent-credential", agent.GetRawText());
    }

    [Fact]
    public async Task Listing_ViewerRequest_NeverCarriesConfigBodies()
    {
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await AgentWithSecrets(socket);
        using var viewer = gateway.Client(ApiKeyGateway.ViewerKey);

        var list = await viewer.GetAsync("/api/agents?limit=1000");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.DoesNotContain("effective-secret-1", await list.Content.ReadAsStringAsync());
    }
}
