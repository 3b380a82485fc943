using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Fleet.Gateway.Security.Operators;

namespace Fleet.Tests.Security.Operators;

/// <summary>The pure decisions behind operator sign-in and roles.</summary>
public class OperatorAuthorizationDecisionTests
{
    private static ApiKeyTable Table() => new(
    [
        new ApiKeyOptions { Name = "dev", Key = "plain-key", Role = "viewer" },
        new ApiKeyOptions { Name = "prod", KeySha256 = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("hashed-key"))), Role = "Admin" },
    ]);

    [Fact]
    public void ApiKeyTable_PlainAndHashedKeys_MatchTheirEntries()
    {
        var table = Table();

        Assert.Equal(("dev", OperatorRole.Viewer), (table.Match("plain-key")!.Name, table.Match("plain-key")!.Role));
        Assert.Equal(("prod", OperatorRole.Admin), (table.Match("hashed-key")!.Name, table.Match("hashed-key")!.Role));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-key ")]
    [InlineData("PLAIN-KEY")]
    [InlineData("hashed")]
    public void ApiKeyTable_AnythingElse_NoMatch(string presented) => Assert.Null(Table().Match(presented));

    [Theory]
    [InlineData("Bearer abc", null, "abc")]
    [InlineData("bearer  abc ", null, "abc")]
    [InlineData("Basic abc", null, null)]
    [InlineData("Bearer ", null, null)]
    [InlineData(null, "from-header", "from-header")]
    [InlineData("Bearer abc", "from-header", "from-header")]
    [InlineData(null, null, null)]
    public void Credentials_Read_BearerOrApiKeyHeader(string? authorization, string? apiKeyHeader, string? expected) =>
        Assert.Equal(expected, OperatorCredentials.Read(authorization, apiKeyHeader));

    [Theory]
    [InlineData("Bearer aaa.bbb.ccc", null, true, true, OperatorSchemes.Jwt)]
    [InlineData("Bearer some-api-key", null, true, true, OperatorSchemes.ApiKey)]
    [InlineData("Bearer aaa.bbb.ccc", "key", true, true, OperatorSchemes.ApiKey)]
    [InlineData(null, null, true, true, OperatorSchemes.ApiKey)]
    [InlineData("Bearer some-api-key", null, false, true, OperatorSchemes.Jwt)]
    [InlineData("Bearer aaa.bbb.ccc", null, true, false, OperatorSchemes.ApiKey)]
    public void Credentials_SchemeFor_ByShapeAndWhatIsConfigured(string? authorization, string? apiKeyHeader, bool apiKeys, bool jwt, string expected) =>
        Assert.Equal(expected, OperatorCredentials.SchemeFor(authorization, apiKeyHeader, apiKeys, jwt));

    [Theory]
    [InlineData(new[] { "viewer" }, OperatorRole.Viewer)]
    [InlineData(new[] { "viewer", "Operator" }, OperatorRole.Operator)]
    [InlineData(new[] { "fleet-admins" }, OperatorRole.Admin)]
    [InlineData(new[] { "FLEET-OPS" }, OperatorRole.Operator)]
    [InlineData(new[] { "unrelated", "viewer" }, OperatorRole.Viewer)]
    [InlineData(new[] { "admin" }, OperatorRole.Viewer)] // the map wins over a literal role name
    public void JwtRoleMapping_HighestOfLiteralAndMappedRoles(string[] values, OperatorRole expected)
    {
        var map = new Dictionary<string, string> { ["fleet-admins"] = "admin", ["fleet-ops"] = "operator", ["admin"] = "viewer" };

        Assert.Equal(expected, JwtRoleMapping.Role(values, map));
    }

    [Fact]
    public void JwtRoleMapping_NoKnownRole_Null() => Assert.Null(JwtRoleMapping.Role(["everyone"], new Dictionary<string, string>()));

    [Fact]
    public void JwtRoleMapping_DisplayName_PrefersNameThenUsernameThenSubject()
    {
        static ClaimsPrincipal With(params (string Type, string Value)[] claims) => new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));

        Assert.Equal("Jo", JwtRoleMapping.DisplayName(With(("sub", "1"), ("name", "Jo"), ("preferred_username", "jo"))));
        Assert.Equal("jo", JwtRoleMapping.DisplayName(With(("sub", "1"), ("preferred_username", "jo"))));
        Assert.Equal("1", JwtRoleMapping.DisplayName(With(("sub", "1"))));
    }

    [Theory]
    [InlineData(new[] { "GET" }, OperatorPolicies.Viewer)]
    [InlineData(new[] { "GET", "HEAD" }, OperatorPolicies.Viewer)]
    [InlineData(new[] { "PUT" }, OperatorPolicies.Operator)]
    [InlineData(new[] { "POST" }, OperatorPolicies.Operator)]
    [InlineData(new[] { "DELETE" }, OperatorPolicies.Operator)]
    [InlineData(new[] { "GET", "POST" }, OperatorPolicies.Operator)]
    [InlineData(new string[0], OperatorPolicies.Operator)]
    public void DefaultPolicy_ReadsViewer_EverythingElseOperator(string[] methods, string expected) =>
        Assert.Equal(expected, ApiAuthorizationConvention.DefaultPolicy(methods));

    [Fact]
    public void DefaultPolicy_AnyMethod_Operator() => Assert.Equal(OperatorPolicies.Operator, ApiAuthorizationConvention.DefaultPolicy(null));

    [Theory]
    [InlineData(false, false, null, false)]
    [InlineData(true, false, null, true)]
    [InlineData(false, true, OperatorRole.Viewer, true)]
    [InlineData(false, true, null, true)]
    [InlineData(false, true, OperatorRole.Operator, false)]
    [InlineData(false, true, OperatorRole.Admin, false)]
    [InlineData(true, true, OperatorRole.Admin, true)]
    public void SecretVisibility_ViewersAlways_OthersOnRequest(bool requested, bool authenticationOn, OperatorRole? role, bool redacts) =>
        Assert.Equal(redacts, SecretVisibility.Redacts(requested, authenticationOn, role));

    [Fact]
    public void Options_NothingConfigured_OffAndUsable()
    {
        var options = new OperatorAuthenticationOptions();

        Assert.False(options.Enabled);
        Assert.Empty(options.Problems());
    }

    [Fact]
    public void Options_Mistakes_EachNamed()
    {
        var options = new OperatorAuthenticationOptions
        {
            ApiKeys =
            [
                new ApiKeyOptions { Key = "k", Role = "viewer" },
                new ApiKeyOptions { Name = "both", Key = "k", KeySha256 = new string('a', 64), Role = "viewer" },
                new ApiKeyOptions { Name = "short-hash", KeySha256 = "abc", Role = "viewer" },
                new ApiKeyOptions { Name = "no-role", Key = "k" },
            ],
            Jwt = new JwtOperatorOptions { Authority = "http://idp.example.com", RoleMap = { ["g"] = "superuser" } },
        };

        var problems = string.Join('\n', options.Problems());

        Assert.Contains("ApiKeys:0:Name is required", problems);
        Assert.Contains("ApiKeys:1: give exactly one of Key or KeySha256", problems);
        Assert.Contains("ApiKeys:2:KeySha256 must be 64 hex digits", problems);
        Assert.Contains("ApiKeys:3:Role must be viewer, operator or admin", problems);
        Assert.Contains("Jwt:Authority is http", problems);
        Assert.Contains("Jwt:Audience is required", problems);
        Assert.Contains("Jwt:RoleMap:g", problems);
    }

    [Fact]
    public void Identity_AuthenticationOff_AnonymousAdmin()
    {
        var identity = OperatorIdentity.From(new ClaimsPrincipal(new ClaimsIdentity()), authenticationOn: false);

        Assert.Equal(new OperatorIdentity("anonymous", "admin", "off"), identity);
    }

    [Fact]
    public void Identity_ApiKeyPrincipal_NameRoleAndScheme()
    {
        var principal = new ClaimsPrincipal(OperatorClaims.Identity("otto", OperatorRole.Operator, OperatorSchemes.ApiKey));

        Assert.Equal(new OperatorIdentity("otto", "operator", "apiKey"), OperatorIdentity.From(principal, authenticationOn: true));
        Assert.Equal(OperatorRole.Operator, OperatorRoles.Of(principal));
    }
}
