using System.Security.Claims;

namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// The claims every authentication scheme adds for Fleet, whatever the credential: who (a display
/// name) and which role. Authorization reads only these, so API keys and OIDC tokens are judged alike.
/// </summary>
public static class OperatorClaims
{
    public const string Name = "fleet:name";
    public const string Role = "fleet:role";

    /// <summary>An identity carrying the operator's name and role; authenticated by <paramref name="scheme"/>.</summary>
    public static ClaimsIdentity Identity(string name, OperatorRole? role, string scheme)
    {
        var claims = new List<Claim> { new(Name, name) };
        if (role is { } r)
        {
            claims.Add(new Claim(Role, OperatorRoles.Name(r)));
        }
        return new ClaimsIdentity(claims, scheme, Name, Role);
    }
}
