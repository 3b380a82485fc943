using System.Security.Claims;

namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// Who sees secrets in config bodies: operators and admins, unless they ask for them hidden
/// (<c>?redact=true</c>, e.g. to share a screen). Viewers never do. With authentication off there are
/// no roles, so values are hidden only on request.
/// </summary>
public static class SecretVisibility
{
    public static bool Redacts(bool requested, bool authenticationOn, OperatorRole? role) =>
        requested || (authenticationOn && !(role >= OperatorRole.Operator));

    public static bool Redacts(bool requested, OperatorAuthenticationStatus status, ClaimsPrincipal user) =>
        Redacts(requested, status.Enabled, OperatorRoles.Of(user));
}
