using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Contracts.Security;

/// <summary>
/// The shapes of agent secrets. Enrollment tokens are random; per-agent credentials are
/// <c>fleet_ac_&lt;uid&gt;_&lt;generation&gt;_&lt;HMAC&gt;</c>, so any gateway holding the signing key can check
/// one without storage, and minting is deterministic: the same agent and generation always get the
/// same credential, which keeps connection-settings hashes stable.
/// </summary>
public static class AgentSecrets
{
    public const string EnrollmentTokenPrefix = "fleet_et_";
    public const string CredentialPrefix = "fleet_ac_";
    private const int HmacChars = 43; // base64url of 32 bytes, unpadded

    public static string NewEnrollmentToken() => EnrollmentTokenPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] NewSigningKey() => RandomNumberGenerator.GetBytes(32);

    public static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static string Credential(byte[] signingKey, Guid agent, int generation)
    {
        var body = $"{CredentialPrefix}{agent:N}_{generation.ToString(CultureInfo.InvariantCulture)}";
        return $"{body}_{Signature(signingKey, body)}";
    }

    /// <summary>Parses and checks the signature; says nothing about revocation.</summary>
    public static bool TryVerifyCredential(byte[] signingKey, string credential, out Guid agent, out int generation)
    {
        agent = Guid.Empty;
        generation = 0;
        // fleet_ac_ + 32 hex + _ + generation + _ + signature (whose base64url may itself hold '_').
        var uidEnd = CredentialPrefix.Length + 32;
        if (!credential.StartsWith(CredentialPrefix, StringComparison.Ordinal) || credential.Length <= uidEnd + 2 || credential[uidEnd] != '_')
        {
            return false;
        }
        var generationEnd = credential.IndexOf('_', uidEnd + 1);
        if (generationEnd < 0 || credential.Length - generationEnd - 1 != HmacChars
            || !Guid.TryParseExact(credential.AsSpan(CredentialPrefix.Length, 32), "N", out var uid)
            || !int.TryParse(credential.AsSpan(uidEnd + 1, generationEnd - uidEnd - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsedGeneration))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Signature(signingKey, credential[..generationEnd]));
        var presented = Encoding.ASCII.GetBytes(credential[(generationEnd + 1)..]);
        if (!CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            return false;
        }
        (agent, generation) = (uid, parsedGeneration);
        return true;
    }

    private static string Signature(byte[] signingKey, string body) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(body)));
}
