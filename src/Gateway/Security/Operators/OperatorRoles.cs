using System.Security.Claims;

namespace Fleet.Gateway.Security.Operators;

/// <summary>Role names as configured and shown (<c>viewer</c>, <c>operator</c>, <c>admin</c>), and a caller's role.</summary>
public static class OperatorRoles
{
    public static OperatorRole? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "viewer" => OperatorRole.Viewer,
        "operator" => OperatorRole.Operator,
        "admin" => OperatorRole.Admin,
        _ => null,
    };

    public static string Name(OperatorRole role) => role.ToString().ToLowerInvariant();

    /// <summary>The highest role among the caller's role claims; null when it has none.</summary>
    public static OperatorRole? Of(ClaimsPrincipal user) =>
        user.FindAll(OperatorClaims.Role).Select(c => Parse(c.Value)).Max();

    public static string Policy(OperatorRole role) => role switch
    {
        OperatorRole.Viewer => OperatorPolicies.Viewer,
        OperatorRole.Operator => OperatorPolicies.Operator,
        _ => OperatorPolicies.Admin,
    };
}
