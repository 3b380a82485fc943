namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// OIDC bearer tokens (<c>Fleet:Security:Operators:Jwt</c>): the issuer's <c>Authority</c> (its
/// discovery document and signing keys), the <c>Audience</c> tokens must be for, the claim holding roles
/// or groups (<c>RoleClaim</c>), and how IdP names map to Fleet roles (<c>RoleMap:fleet-admins=admin</c>);
/// the values viewer, operator and admin count as themselves.
/// </summary>
public sealed class JwtOperatorOptions
{
    public string? Authority { get; set; }

    public string? Audience { get; set; }

    public string RoleClaim { get; set; } = "roles";

    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Fetch the discovery document only over HTTPS; off only for a local test issuer.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
