namespace Fleet.Gateway.Security.Secrets;

/// <summary>
/// Hides the values of secret-looking keys (<see cref="SecretKeyNames"/>) in config file bodies, so
/// people who may read the fleet but not steer it never see passwords and tokens. Only those values
/// change — to <c>"&lt;redacted&gt;"</c> — every other byte (indentation, comments, order, formatting)
/// stays as it was. JSON is read with a real parser; YAML, INI/TOML/.env-style <c>key = value</c>,
/// Fluent Bit's classic format, and JSON that does not parse go through a line scanner that knows
/// quoting, comments, block scalars and (multi-line) flow collections.
/// </summary>
public static class SecretRedactor
{
    /// <summary>What a hidden value is replaced with, quoted so YAML and JSON stay valid.</summary>
    public const string Marker = "\"<redacted>\"";

    /// <summary>A hidden header value (it is a JSON string already where it is shown).</summary>
    public const string HeaderMarker = "<redacted>";

    public static string Redact(string body, string? contentType)
    {
        if (body.Length == 0)
        {
            return body;
        }
        if (LooksLikeJson(body, contentType) && JsonSecretRedactor.TryRedact(body, out var redacted))
        {
            return redacted;
        }
        return TextSecretRedactor.Redact(body);
    }

    /// <summary>Header values of secret-looking names hidden (Authorization, X-Api-Key, Cookie…); others as they are.</summary>
    public static Dictionary<string, string> RedactHeaders(IEnumerable<KeyValuePair<string, string>> headers) =>
        headers.ToDictionary(h => h.Key, h => SecretKeyNames.IsSecretHeader(h.Key) ? HeaderMarker : h.Value, StringComparer.Ordinal);

    private static bool LooksLikeJson(string body, string? contentType)
    {
        if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            return true;
        }
        var first = body.AsSpan().TrimStart();
        return first.Length > 0 && first[0] is '{' or '[';
    }
}
