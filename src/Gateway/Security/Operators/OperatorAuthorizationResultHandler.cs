using Fleet.Gateway.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// Refusals as the rest of the API answers errors: the scheme's own challenge (401 with
/// WWW-Authenticate) or forbid (403), then an application/problem+json body saying what is needed.
/// Each refusal is counted; the log names the caller and the call, never the credential.
/// </summary>
public sealed partial class OperatorAuthorizationResultHandler(AuthFailureMetrics metrics, ILogger<OperatorAuthorizationResultHandler> logger)
    : IAuthorizationMiddlewareResultHandler
{
    public const string Surface = "api";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        // Allowed: calls the endpoint. Refused: the scheme sets the status and WWW-Authenticate; the body is ours.
        await _default.HandleAsync(next, context, policy, authorizeResult);
        if (!authorizeResult.Challenged && !authorizeResult.Forbidden)
        {
            return;
        }
        var needed = policy.Requirements.OfType<OperatorRoleRequirement>().Select(r => r.Minimum).DefaultIfEmpty(OperatorRole.Viewer).Max();
        var request = $"{context.Request.Method} {context.Request.Path}";
        IResult problem;
        if (authorizeResult.Challenged)
        {
            metrics.Failed(Surface, AuthFailureMetrics.Unauthenticated);
            LogUnauthenticated(logger, request);
            var presented = OperatorCredentials.Read(context.Request.Headers.Authorization, context.Request.Headers[OperatorCredentials.ApiKeyHeader]) is not null;
            problem = TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: presented ? "Credential not accepted" : "Sign in required",
                detail: presented
                    ? "The API key is not configured, or the token is expired, invalid or for another audience."
                    : $"This call needs the {OperatorRoles.Name(needed)} role: send an API key (Authorization: Bearer <key>, or X-Api-Key) or an OIDC access token (Authorization: Bearer <token>).");
        }
        else
        {
            metrics.Failed(Surface, AuthFailureMetrics.Forbidden);
            var identity = OperatorIdentity.From(context.User, authenticationOn: true);
            LogForbidden(logger, identity.Name, identity.Role, request, OperatorRoles.Name(needed));
            problem = TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Not allowed for your role",
                detail: $"This call needs the {OperatorRoles.Name(needed)} role; {identity.Name} has {(identity.Role is "none" ? "no Fleet role" : $"the {identity.Role} role")}.");
        }
        if (!context.Response.HasStarted)
        {
            await problem.ExecuteAsync(context);
        }
    }
}
