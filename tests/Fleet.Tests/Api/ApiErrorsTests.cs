using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Api;

public class ApiErrorsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task SetConfig_MalformedJson_ProblemNamingItWithoutStackOrHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/agents/{Guid.CreateVersion7()}/config")
        {
            Content = new StringContent("{\"files\": {bad", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", "a-secret-value");

        using var response = await gateway.Api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("JSON", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("a-secret-value", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetConfig_WrongFieldType_ProblemNamesTheField()
    {
        using var response = await gateway.Api.PutAsync($"/api/agents/{Guid.CreateVersion7()}/config",
            new StringContent("{\"files\": {\"a.yaml\": {\"body\": 5}}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("$.files['a.yaml'].body", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetConfig_NoBody_ProblemSaysBodyRequired()
    {
        using var response = await gateway.Api.PutAsync($"/api/agents/{Guid.CreateVersion7()}/config", new StringContent("", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("A JSON body is required.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task List_QueryValueOfWrongType_400Problem()
    {
        using var response = await gateway.Api.GetAsync("/api/agents?connected=maybe");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/nope", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/agents", HttpStatusCode.MethodNotAllowed)]
    public async Task UnknownRouteOrMethod_ManagementPort_Problem(string method, string path, HttpStatusCode status)
    {
        using var response = await gateway.Api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SetConfig_NoFiles_400()
    {
        using var response = await gateway.Api.PutAsJsonAsync($"/api/agents/{Guid.CreateVersion7()}/config", new { files = new { } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("files", out _));
    }

    [Fact]
    public async Task SetConfig_LargerThanAgentsAccept_413AndNothingAssigned()
    {
        var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, "too-big");
        await using var _ = client;
        await gateway.AgentWhen(client.InstanceUid, a => a.Connected(), "connected");

        using var response = await gateway.SetConfig(client.InstanceUid, "big.yaml", new string('x', GatewayFixture.MaxMessageBytes));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MaxMessageBytes", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var agent = await gateway.Agent(client.InstanceUid);
        Assert.True(!agent!.Value.TryGetProperty("desiredConfigHash", out var hash) || hash.ValueKind == JsonValueKind.Null);
    }
}
