using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Fleet.Gateway.Security.Operators;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Security.Operators;

/// <summary>
/// A real gateway with three API keys: a viewer's and an admin's given as keys, an operator's given
/// only as its SHA-256 (as production configures them). Its <see cref="GatewayFixture.Api"/> client
/// signs in as the admin, so the shared helpers (AgentWhen, SetConfig) keep working.
/// </summary>
public sealed class ApiKeyGateway : GatewayFixture
{
    public const string ViewerKey = "viewer-key-3f9c2b7e1d";
    public const string OperatorKey = "operator-key-a81d4c06e2";
    public const string AdminKey = "admin-key-5be7f0c9a4";

    public ApiKeyGateway() => Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);

    protected override IEnumerable<string> Settings =>
    [
        $"--{OperatorAuthenticationOptions.Section}:ApiKeys:0:Name=vera",
        $"--{OperatorAuthenticationOptions.Section}:ApiKeys:0:Key={ViewerKey}",
        $"--{OperatorAuthenticationOptions.Section}:ApiKeys:0:Role=viewer",
        $"--{OperatorAuthenticationOptions.Section}:ApiKeys:1:Name=otto",
        $"--{OperatorAuthenticationOptions.Section}:ApiKeys:1:KeySha256={Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(OperatorKey)))}",
        $"--{OperatorAuthenticationOptions.Section}:ApiKeys:1:Role=operator",
        $"--{OperatorAuthenticationOptions.Section}:ApiKeys:2:Name=ada",
        $"--{OperatorAuthenticationOptions.Section}:ApiKeys:2:Key={AdminKey}",
        $"--{OperatorAuthenticationOptions.Section}:ApiKeys:2:Role=admin",
    ];

    /// <summary>A client of the management port sending the key as a bearer token (or in X-Api-Key); no key for null.</summary>
    public HttpClient Client(string? key, bool apiKeyHeader = false)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ManagementPort}") };
        if (key is not null && apiKeyHeader)
        {
            client.DefaultRequestHeaders.Add(OperatorCredentials.ApiKeyHeader, key);
        }
        else if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }
}
