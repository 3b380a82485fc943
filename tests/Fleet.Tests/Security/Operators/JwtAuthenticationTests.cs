using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fleet.Tests.Security.Operators;

/// <summary>OIDC bearer tokens from a real (loopback) issuer, validated by the gateway through discovery and JWKS.</summary>
public class JwtAuthenticationTests(JwtGateway fixture) : IClassFixture<JwtGateway>
{
    private string Token(object roles, string audience = JwtGateway.Audience, TimeSpan? expiresIn = null, string name = "Jo Operator") =>
        fixture.Issuer.Token(audience, new Dictionary<string, object> { ["sub"] = "u-1", ["name"] = name, ["roles"] = roles }, expiresIn);

    [Fact]
    public async Task Jwt_ValidOperatorToken_ReadsAndChanges()
    {
        using var client = fixture.Client(Token(new[] { "operator" }));

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        var put = await client.PutAsJsonAsync("/api/profiles/jwt-made", new { selector = "service.name=jwt" });

        Assert.Equal(("Jo Operator", "operator", "jwt"), (me.GetProperty("name").GetString(), me.GetProperty("role").GetString(), me.GetProperty("authentication").GetString()));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Fact]
    public async Task Jwt_ExpiredToken_401()
    {
        using var client = fixture.Client(Token(new[] { "admin" }, expiresIn: TimeSpan.FromHours(-1)));

        var response = await client.GetAsync("/api/agents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.Single().ToString());
    }

    [Fact]
    public async Task Jwt_TokenForAnotherAudience_401()
    {
        using var client = fixture.Client(Token(new[] { "admin" }, audience: "some-other-app"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/agents")).StatusCode);
    }

    [Fact]
    public async Task Jwt_MappedIdpGroup_GetsTheMappedRole()
    {
        using var client = fixture.Client(Token(new[] { "fleet-admins", "everyone" }, name: "Ada Admin"));

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        var admin = await client.PutAsJsonAsync("/api/packages/jwt-package", new { version = "1", downloadUrl = "https://example.com/p", sha256 = new string('b', 64) });

        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task Jwt_SingleRoleAsAString_ViewerCannotChange()
    {
        using var client = fixture.Client(Token("viewer"));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync("/api/profiles/viewer-made", new { selector = "" })).StatusCode);
    }

    [Fact]
    public async Task Jwt_ValidTokenWithoutAFleetRole_403NotA401()
    {
        using var client = fixture.Client(Token(new[] { "unrelated-group" }));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/agents")).StatusCode);
    }

    [Fact]
    public async Task Jwt_TamperedSignature_401()
    {
        var token = Token(new[] { "operator" });
        var tampered = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");
        using var client = fixture.Client(tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/agents")).StatusCode);
    }

    [Fact]
    public async Task ApiKey_AlongsideJwt_StillAccepted()
    {
        using var client = fixture.Client(JwtGateway.ApiKey);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal(("ci", "operator", "apiKey"), (me.GetProperty("name").GetString(), me.GetProperty("role").GetString(), me.GetProperty("authentication").GetString()));
    }
}
