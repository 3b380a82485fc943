using System.Security.Cryptography;
using System.Text.Json;
using Fleet.Tests.Supervisor;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Fleet.Tests.Security.Operators;

/// <summary>
/// The smallest OIDC issuer a resource server needs, on a loopback port: a discovery document and a
/// JWKS holding the public half of an RSA key made for the test, plus signing tokens with that key.
/// </summary>
public sealed class TestOidcIssuer : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;

    private TestOidcIssuer(LoopbackHttpServer server)
    {
        _server = server;
        _key = new RsaSecurityKey(_rsa) { KeyId = "test-key-1" };
        Issuer = server.BaseAddress.ToString().TrimEnd('/');
    }

    public string Issuer { get; }

    public static async Task<TestOidcIssuer> StartAsync()
    {
        var issuer = new TestOidcIssuer(await LoopbackHttpServer.StartAsync());
        var parameters = issuer._rsa.ExportParameters(includePrivateParameters: false);
        issuer._server.Serve("/.well-known/openid-configuration", JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Issuer,
            ["jwks_uri"] = $"{issuer.Issuer}/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
        }));
        issuer._server.Serve("/jwks", JsonSerializer.SerializeToUtf8Bytes(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = issuer._key.KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
            },
        }));
        return issuer;
    }

    /// <summary>A signed access token; claims as given (a string[] becomes a JSON array).</summary>
    public string Token(string audience, IDictionary<string, object> claims, TimeSpan? expiresIn = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = expires < now ? expires - TimeSpan.FromMinutes(5) : now,
            NotBefore = expires < now ? expires - TimeSpan.FromMinutes(5) : now,
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _rsa.Dispose();
    }
}
