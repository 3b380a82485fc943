using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// Operators' API keys, from <c>X-Api-Key</c> or <c>Authorization: Bearer</c>. No credential → no result
/// (the policy then challenges: 401); an unknown key → failure (401). Keys never reach a log: failures
/// say only that the key was not recognised.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = OperatorCredentials.Read(Request.Headers.Authorization, Request.Headers[OperatorCredentials.ApiKeyHeader]);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (Options.Keys.Match(presented) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not recognised."));
        }
        var principal = new ClaimsPrincipal(OperatorClaims.Identity(key.Name, key.Role, Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        var presented = OperatorCredentials.Read(Request.Headers.Authorization, Request.Headers[OperatorCredentials.ApiKeyHeader]) is not null;
        // RFC 6750: say that the credential was refused, not only that one is needed.
        Response.Headers.Append(HeaderNames.WWWAuthenticate, presented ? "Bearer realm=\"fleet\", error=\"invalid_token\"" : "Bearer realm=\"fleet\"");
        return Task.CompletedTask;
    }
}
