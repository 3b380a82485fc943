using System.Text.RegularExpressions;

namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// <c>Fleet:Security:Operators</c>: who may use the management API and console. With no API key and no
/// OIDC authority configured, authentication is off (the embedded default) and everyone may do anything.
/// </summary>
public sealed partial class OperatorAuthenticationOptions
{
    public const string Section = "Fleet:Security:Operators";

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    public JwtOperatorOptions Jwt { get; set; } = new();

    public bool Enabled => ApiKeys.Count > 0 || Jwt.Enabled;

    /// <summary>What is wrong with the settings, in words for the start-up error; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            var key = ApiKeys[i];
            var at = $"{Section}:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                problems.Add($"{at}:Name is required (it names the caller in the console and the logs)");
            }
            else if (!names.Add(key.Name))
            {
                problems.Add($"{at}:Name '{key.Name}' is used by another key");
            }
            var hasKey = !string.IsNullOrEmpty(key.Key);
            var hasHash = !string.IsNullOrEmpty(key.KeySha256);
            if (hasKey == hasHash)
            {
                problems.Add($"{at}: give exactly one of Key or KeySha256");
            }
            else if (hasHash && !Sha256Hex().IsMatch(key.KeySha256!))
            {
                problems.Add($"{at}:KeySha256 must be 64 hex digits (sha256sum of the key)");
            }
            if (OperatorRoles.Parse(key.Role) is null)
            {
                problems.Add($"{at}:Role must be viewer, operator or admin");
            }
        }
        if (Jwt.Enabled)
        {
            if (!Uri.TryCreate(Jwt.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            {
                problems.Add($"{Section}:Jwt:Authority must be an absolute https URL");
            }
            else if (authority.Scheme == "http" && Jwt.RequireHttpsMetadata)
            {
                problems.Add($"{Section}:Jwt:Authority is http: use https, or set Jwt:RequireHttpsMetadata=false for a local test issuer");
            }
            if (string.IsNullOrWhiteSpace(Jwt.Audience))
            {
                problems.Add($"{Section}:Jwt:Audience is required: without it a token the IdP issued for any application would be accepted");
            }
            if (string.IsNullOrWhiteSpace(Jwt.RoleClaim))
            {
                problems.Add($"{Section}:Jwt:RoleClaim must name the claim holding roles or groups");
            }
            foreach (var (idpName, role) in Jwt.RoleMap)
            {
                if (OperatorRoles.Parse(role) is null)
                {
                    problems.Add($"{Section}:Jwt:RoleMap:{idpName} must be viewer, operator or admin");
                }
            }
        }
        return problems;
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Hex();
}
