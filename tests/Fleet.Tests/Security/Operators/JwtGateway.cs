using System.Net.Http.Headers;
using Fleet.Gateway.Security.Operators;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Security.Operators;

/// <summary>
/// A test OIDC issuer on loopback, and a real gateway trusting it for operators' bearer tokens (plain
/// HTTP metadata allowed for the test only), with roles in the <c>roles</c> claim and the IdP group
/// <c>fleet-admins</c> mapped to admin. It takes an operator's API key too: both schemes at once.
/// </summary>
public sealed class JwtGateway : IAsyncLifetime
{
    public const string Audience = "fleet-api";
    public const string ApiKey = "jwt-gateway-operator-key-6d2e";

    private ConfiguredGateway? _gateway;

    public TestOidcIssuer Issuer { get; private set; } = null!;

    public GatewayFixture Gateway => _gateway!;

    public async Task InitializeAsync()
    {
        Issuer = await TestOidcIssuer.StartAsync();
        _gateway = new ConfiguredGateway(
        [
            $"--{OperatorAuthenticationOptions.Section}:Jwt:Authority={Issuer.Issuer}",
            $"--{OperatorAuthenticationOptions.Section}:Jwt:Audience={Audience}",
            $"--{OperatorAuthenticationOptions.Section}:Jwt:RequireHttpsMetadata=false",
            $"--{OperatorAuthenticationOptions.Section}:Jwt:RoleMap:fleet-admins=admin",
            $"--{OperatorAuthenticationOptions.Section}:ApiKeys:0:Name=ci",
            $"--{OperatorAuthenticationOptions.Section}:ApiKeys:0:Key={ApiKey}",
            $"--{OperatorAuthenticationOptions.Section}:ApiKeys:0:Role=operator",
        ]);
        await _gateway.InitializeAsync();
    }

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Gateway.ManagementPort}") };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        await Issuer.DisposeAsync();
    }

    private sealed class ConfiguredGateway(IEnumerable<string> settings) : GatewayFixture
    {
        protected override IEnumerable<string> Settings => settings;
    }
}
