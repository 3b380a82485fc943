using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Gateway.Security.Operators;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Security.Operators;

/// <summary>API keys against a real gateway: 401 without or with a wrong key, 403 below the endpoint's role.</summary>
public class ApiKeyAuthenticationTests(ApiKeyGateway gateway) : IClassFixture<ApiKeyGateway>
{
    private static readonly object ConfigBody = new { files = new Dictionary<string, object> { ["c.yaml"] = new { body = "a: 1\n", contentType = "text/yaml" } } };

    [Fact]
    public async Task Api_NoCredential_401WithWwwAuthenticateAsProblem()
    {
        using var anonymous = gateway.Client(null);

        var response = await anonymous.GetAsync("/api/agents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.Single().ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Api_ViewerKey_ReadsButSetConfigIs403()
    {
        using var viewer = gateway.Client(ApiKeyGateway.ViewerKey);

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/certificates/ca")).StatusCode);
        var put = await viewer.PutAsJsonAsync($"/api/agents/{Guid.CreateVersion7()}/config", ConfigBody);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.Contains("operator", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Api_OperatorKeyConfiguredAsSha256_SetsAnAgentsConfig()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid, "operated"));
        await socket.Receive();
        using var @operator = gateway.Client(ApiKeyGateway.OperatorKey);

        var put = await @operator.PutAsJsonAsync($"/api/agents/{uid}/config", ConfigBody);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("a: 1\n", (await socket.Receive()).RemoteConfig.Config.ConfigMap["c.yaml"].Body.ToStringUtf8());
    }

    [Fact]
    public async Task Api_AdminOnlyEndpoints_OperatorGets403_AdminPasses()
    {
        using var @operator = gateway.Client(ApiKeyGateway.OperatorKey);
        using var admin = gateway.Client(ApiKeyGateway.AdminKey);
        var package = new { version = "1.0.0", downloadUrl = "https://example.com/p.tgz", sha256 = new string('a', 64) };
        var settings = new { opamp = new { destinationEndpoint = "wss://elsewhere.example.com/v1/opamp" } };
        var agent = Guid.CreateVersion7();

        Assert.Equal(HttpStatusCode.Forbidden, (await @operator.PutAsJsonAsync("/api/packages/admin-only", package)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await @operator.DeleteAsync("/api/packages/admin-only")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await @operator.PutAsync("/api/packages/admin-only/versions/1.0.0/file", new ByteArrayContent([1]))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await @operator.PutAsJsonAsync($"/api/agents/{agent}/connection-settings", settings)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await @operator.PostAsync($"/api/agents/{agent}/certificate/rotate", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/packages/admin-only", package)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/packages/admin-only")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/agents/{agent}/certificate/rotate", null)).StatusCode);
    }

    [Fact]
    public async Task Api_KeyInXApiKeyHeader_Accepted()
    {
        using var viewer = gateway.Client(ApiKeyGateway.ViewerKey, apiKeyHeader: true);

        var me = await viewer.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal("vera", me.GetProperty("name").GetString());
        Assert.Equal("viewer", me.GetProperty("role").GetString());
        Assert.Equal("apiKey", me.GetProperty("authentication").GetString());
    }

    [Fact]
    public async Task Api_WrongKey_401AndTheFailureIsCounted()
    {
        using var wrong = gateway.Client("not-a-configured-key");
        using var failures = RecordFailures();

        var response = await wrong.GetAsync("/api/agents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.Single().ToString());
        Assert.Equal(1, failures.Count("api", "unauthenticated"));
        Assert.Equal(0, failures.Count("api", "forbidden"));
    }

    [Fact]
    public async Task Api_RoleTooLow_403IsCountedAsForbidden()
    {
        using var viewer = gateway.Client(ApiKeyGateway.ViewerKey);
        using var failures = RecordFailures();

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/agents/{Guid.CreateVersion7()}/restart", new { })).StatusCode);

        Assert.Equal(1, failures.Count("api", "forbidden"));
    }

    [Fact]
    public async Task OpenApi_NeedsAViewer_HealthMetricsAndConsoleStayAnonymous()
    {
        using var anonymous = gateway.Client(null);
        using var viewer = gateway.Client(ApiKeyGateway.ViewerKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/assets/app.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/agents/some-agent")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_DeclaresBearerAndApiKeySchemes()
    {
        using var viewer = gateway.Client(ApiKeyGateway.ViewerKey);

        var document = await viewer.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal(OperatorCredentials.ApiKeyHeader, schemes.GetProperty("apiKey").GetProperty("name").GetString());
        Assert.Equal(2, document.GetProperty("security").GetArrayLength());
    }

    [Fact]
    public async Task Events_NeedAViewer_StreamOpensWithTheKey()
    {
        using var anonymous = gateway.Client(null);
        using var viewer = gateway.Client(ApiKeyGateway.ViewerKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        using var stream = await viewer.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpAmp_AgentTraffic_NeedsNoOperatorCredential()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid, "unaffected"));

        Assert.NotNull(await socket.Receive());
        await gateway.AgentWhen(uid, a => a.Connected(), "the agent is served without any operator credential");
    }

    /// <summary>
    /// fleet.auth.failures of this gateway only, read with a MeterListener on its own meter factory:
    /// other gateways in this test process use the same meter name, and their exporters see each other's
    /// instruments, so a /metrics scrape would not tell whose failures it counts.
    /// </summary>
    private AuthFailures RecordFailures() => new(gateway.Services.GetRequiredService<IMeterFactory>());
}
