using System.Security.Claims;

namespace Fleet.Gateway.Security.Operators;

/// <summary><c>GET /api/me</c>: who the console is signed in as, so it shows only what the role may do.</summary>
public static class OperatorIdentityEndpoints
{
    public static RouteGroupBuilder MapOperatorIdentity(this RouteGroupBuilder api)
    {
        api.MapGet("/me", (ClaimsPrincipal user, OperatorAuthenticationStatus status) => TypedResults.Ok(OperatorIdentity.From(user, status.Enabled)))
            .WithTags("Operators").WithName("CurrentOperator");
        return api;
    }
}
