using System.Security.Claims;

namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// From an OIDC token's claims to a Fleet operator: the highest role among the role claim's values
/// (viewer/operator/admin as themselves, IdP names through the role map), and a display name
/// (name › preferred_username › email › sub).
/// </summary>
public static class JwtRoleMapping
{
    private static readonly string[] NameClaims = ["name", "preferred_username", "email", "sub"];

    public static OperatorRole? Role(IEnumerable<string> values, IReadOnlyDictionary<string, string> roleMap)
    {
        var map = new Dictionary<string, string>(roleMap, StringComparer.OrdinalIgnoreCase);
        var roles = values
            .Select(value => OperatorRoles.Parse(map.TryGetValue(value, out var mapped) ? mapped : value))
            .OfType<OperatorRole>()
            .ToList();
        return roles.Count == 0 ? null : roles.Max();
    }

    public static string DisplayName(ClaimsPrincipal principal) =>
        NameClaims.Select(type => principal.FindFirst(type)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "unnamed";

    /// <summary>The role claim's values; a claim holding a JSON array arrives as one claim per value.</summary>
    public static IEnumerable<string> RoleValues(ClaimsPrincipal principal, string roleClaim) =>
        principal.FindAll(roleClaim).Select(c => c.Value);
}
