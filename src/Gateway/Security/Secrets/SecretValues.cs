using System.Text.RegularExpressions;

namespace Fleet.Gateway.Security.Secrets;

/// <summary>Values under a secret key that reveal nothing and stay visible: empty, null, booleans, and pure <c>${…}</c> references.</summary>
internal static partial class SecretValues
{
    public static bool Reveals(ReadOnlySpan<char> value)
    {
        var unquoted = value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0] ? value[1..^1] : value;
        if (unquoted.IsWhiteSpace())
        {
            return false;
        }
        if (value.Length == unquoted.Length && (value is "null" or "Null" or "NULL" or "~" or "true" or "false" or "True" or "False"))
        {
            return false;
        }
        // ${env:DB_PASSWORD}: where the secret comes from, not the secret.
        return !Reference().IsMatch(unquoted);
    }

    [GeneratedRegex(@"^(?:\$\{[^{}\s]+\})+$")]
    private static partial Regex Reference();
}
