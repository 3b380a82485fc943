namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// Where a caller's credential is: <c>X-Api-Key: &lt;key&gt;</c>, or <c>Authorization: Bearer
/// &lt;key or token&gt;</c>. Which scheme reads it follows from its shape: a JWT is three base64url
/// parts joined by dots; an API key is anything else.
/// </summary>
public static class OperatorCredentials
{
    public const string ApiKeyHeader = "X-Api-Key";

    public static string? Read(string? authorization, string? apiKeyHeader)
    {
        if (!string.IsNullOrWhiteSpace(apiKeyHeader))
        {
            return apiKeyHeader.Trim();
        }
        const string bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var credential = authorization[bearer.Length..].Trim();
        return credential.Length > 0 ? credential : null;
    }

    /// <summary>Compact JWS: header.payload.signature, each base64url and non-empty.</summary>
    public static bool LooksLikeJwt(string credential)
    {
        var parts = credential.Split('.');
        return parts.Length == 3 && parts.All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }

    /// <summary>The scheme that should judge this request (see <see cref="OperatorSchemes"/>).</summary>
    public static string SchemeFor(string? authorization, string? apiKeyHeader, bool apiKeysOn, bool jwtOn)
    {
        if (!jwtOn)
        {
            return OperatorSchemes.ApiKey;
        }
        if (!apiKeysOn)
        {
            return OperatorSchemes.Jwt;
        }
        if (string.IsNullOrWhiteSpace(apiKeyHeader) && Read(authorization, null) is { } credential && LooksLikeJwt(credential))
        {
            return OperatorSchemes.Jwt;
        }
        // An API key, or no credential at all: the API key scheme answers the challenge.
        return OperatorSchemes.ApiKey;
    }
}
