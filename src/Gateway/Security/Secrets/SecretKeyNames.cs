namespace Fleet.Gateway.Security.Secrets;

/// <summary>
/// Whether a config key or header name holds a secret. A name is split into lower-case words (at
/// <c>_ - . /</c>, spaces and camelCase humps: <c>apiKey</c> → api, key); it is a secret when one word
/// is a secret word (<c>token</c>, <c>password</c>…; a compound ending in one, like <c>authtoken</c>,
/// counts) or two adjacent words form a secret phrase (<c>api key</c>, <c>access key</c>…). Whole words
/// only, so <c>max_tokens</c> and <c>tokens_per_second</c> stay visible. A name whose last word says
/// where a secret lives rather than what it is (<c>token_url</c>, <c>password_file</c>,
/// <c>auth_type</c>) is not a secret: hiding paths and URLs would only make configs unreadable.
/// </summary>
public static class SecretKeyNames
{
    private static readonly HashSet<string> SecretWords = new(StringComparer.Ordinal)
    {
        "password", "passwd", "passphrase", "secret", "secrets", "token", "credential", "credentials",
        "authorization", "bearer", "auth", "apikey", "accesskey", "secretkey", "privatekey", "signingkey",
        "connectionstring", "dsn",
    };

    /// <summary>Compounds written as one word (<c>authtoken</c>, <c>dbpassword</c>, <c>clientsecret</c>).</summary>
    private static readonly string[] SecretSuffixes = ["password", "passwd", "secret", "token"];

    private static readonly HashSet<(string, string)> SecretPhrases =
    [
        ("api", "key"), ("access", "key"), ("private", "key"), ("secret", "key"), ("signing", "key"),
        ("encryption", "key"), ("client", "secret"), ("shared", "key"), ("master", "key"),
        // An inline PEM key (the collector's tls key_pem), and connection strings, which embed passwords.
        ("key", "pem"), ("connection", "string"),
    ];

    /// <summary>Last words that name a reference to a secret (a file, a URL, a kind), not the secret itself.</summary>
    private static readonly HashSet<string> ReferenceWords = new(StringComparer.Ordinal)
    {
        "file", "path", "dir", "url", "uri", "endpoint", "type", "name", "names", "header", "method", "mode", "enabled",
    };

    /// <summary>Header names that carry credentials without saying so.</summary>
    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase) { "cookie", "set-cookie" };

    public static bool IsSecret(string name)
    {
        var words = Words(name);
        if (words.Count == 0 || ReferenceWords.Contains(words[^1]))
        {
            return false;
        }
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (SecretWords.Contains(word) || SecretSuffixes.Any(suffix => word.EndsWith(suffix, StringComparison.Ordinal)))
            {
                return true;
            }
            if (i > 0 && SecretPhrases.Contains((words[i - 1], word)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>HTTP header names: the key rule, plus cookies.</summary>
    public static bool IsSecretHeader(string name) => SecretHeaders.Contains(name.Trim()) || IsSecret(name);

    /// <summary><c>X-Api-Key</c> → x, api, key; <c>clientSecret</c> → client, secret; <c>HTTPPasswd</c> → http, passwd.</summary>
    public static IReadOnlyList<string> Words(string name)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var c = i < name.Length ? name[i] : ' ';
            if (!char.IsLetterOrDigit(c))
            {
                Flush(i);
                continue;
            }
            if (start < 0)
            {
                start = i;
                continue;
            }
            var previous = name[i - 1];
            var lowerToUpper = char.IsUpper(c) && (char.IsLower(previous) || char.IsDigit(previous));
            // The last capital of an acronym starts the next word: "APIKey" → API, Key.
            var acronymEnd = char.IsUpper(c) && char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]);
            if (lowerToUpper || acronymEnd)
            {
                Flush(i);
                start = i;
            }
        }
        return words;

        void Flush(int end)
        {
            if (start >= 0 && end > start)
            {
                words.Add(name[start..end].ToLowerInvariant());
            }
            start = -1;
        }
    }
}
