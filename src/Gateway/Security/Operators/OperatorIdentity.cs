using System.Security.Claims;

namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// Who is calling, as <c>GET /api/me</c> answers: a name, a role (viewer, operator, admin, or none
/// for a valid OIDC token that maps to no Fleet role), and how they signed in (off, apiKey, jwt). With
/// authentication off everyone is an anonymous admin.
/// </summary>
public sealed record OperatorIdentity(string Name, string Role, string Authentication)
{
    public const string Off = "off";
    public const string ApiKey = "apiKey";
    public const string Jwt = "jwt";

    public static OperatorIdentity From(ClaimsPrincipal user, bool authenticationOn)
    {
        if (!authenticationOn)
        {
            return new OperatorIdentity("anonymous", OperatorRoles.Name(OperatorRole.Admin), Off);
        }
        var identity = user.Identities.FirstOrDefault(i => i.HasClaim(c => c.Type == OperatorClaims.Name));
        var scheme = identity?.AuthenticationType switch
        {
            OperatorSchemes.ApiKey => ApiKey,
            OperatorSchemes.Jwt => Jwt,
            _ => "none",
        };
        var role = OperatorRoles.Of(user);
        return new OperatorIdentity(identity?.FindFirst(OperatorClaims.Name)?.Value ?? "anonymous", role is { } r ? OperatorRoles.Name(r) : "none", scheme);
    }
}
