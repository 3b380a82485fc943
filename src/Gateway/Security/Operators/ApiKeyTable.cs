using System.Security.Cryptography;
using System.Text;

namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// The configured API keys, held only as SHA-256 hashes. A presented key is hashed and compared with
/// every entry in constant time, so neither the comparison nor which entry matched shows in the timing.
/// </summary>
public sealed class ApiKeyTable
{
    private readonly IReadOnlyList<ApiKeyEntry> _entries;

    public ApiKeyTable(IEnumerable<ApiKeyOptions> keys) => _entries = keys.Select(k => new ApiKeyEntry(
        k.Name!,
        k.KeySha256 is { Length: > 0 } hex ? Convert.FromHexString(hex) : Hash(k.Key!),
        OperatorRoles.Parse(k.Role) ?? throw new ArgumentException($"API key '{k.Name}' has no valid role"))).ToList();

    public int Count => _entries.Count;

    public ApiKeyEntry? Match(string presented)
    {
        var hash = Hash(presented);
        ApiKeyEntry? match = null;
        foreach (var entry in _entries)
        {
            // No early exit: every entry is compared whatever matched before.
            if (CryptographicOperations.FixedTimeEquals(hash, entry.Sha256))
            {
                match = entry;
            }
        }
        return match;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
