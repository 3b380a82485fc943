using System.Security.Cryptography;
using Fleet.Contracts.OpAmp;
using Fleet.Contracts.Security;

namespace Fleet.Gateway.Security.Agents;

/// <summary>The agent-authentication decisions, free of I/O so tests can call them directly.</summary>
public static class AgentAccessRules
{
    /// <summary>Checks a bearer secret: a per-agent credential or an enrollment token.</summary>
    /// <param name="failure">Why it was refused, as a metric reason: unknown_token, expired_token, bad_credential, revoked.</param>
    public static AgentIdentity? Authenticate(string secret, AgentAccessSnapshot? snapshot, IReadOnlyList<byte[]> configuredTokens, DateTimeOffset now, out string? failure)
    {
        failure = null;
        if (secret.StartsWith(AgentSecrets.CredentialPrefix, StringComparison.Ordinal))
        {
            if (snapshot is null || !AgentSecrets.TryVerifyCredential(snapshot.SigningKey, secret, out var agent, out var generation))
            {
                failure = "bad_credential";
                return null;
            }
            if (IsRevoked(snapshot, agent, generation))
            {
                failure = "revoked";
                return null;
            }
            return new AgentIdentity(AgentCredentialKind.Credential, agent, generation);
        }

        var digest = AgentSecrets.Digest(secret);
        foreach (var configured in configuredTokens)
        {
            if (CryptographicOperations.FixedTimeEquals(configured, digest))
            {
                return AgentIdentity.Enrolled;
            }
        }
        foreach (var token in snapshot?.Tokens ?? [])
        {
            if (CryptographicOperations.FixedTimeEquals(token.Sha256, digest))
            {
                if (token.ExpiresAt <= now)
                {
                    failure = "expired_token";
                    return null;
                }
                return AgentIdentity.Enrolled;
            }
        }
        failure = "unknown_token";
        return null;
    }

    /// <summary>Whether a message from <paramref name="agent"/> may pass on a connection with this identity.</summary>
    public static AgentAdmission Admit(AgentIdentity identity, Guid agent, AgentAccessSnapshot? snapshot)
    {
        if (identity.Agent is { } bound && bound != agent)
        {
            return AgentAdmission.WrongAgent;
        }
        return IsRevoked(snapshot, agent, identity.Kind == AgentCredentialKind.Credential ? identity.Generation : int.MaxValue)
            ? AgentAdmission.Revoked
            : AgentAdmission.Admitted;
    }

    /// <summary>
    /// The credential to offer an agent that came with an enrollment token, when it can take one
    /// (AcceptsOpAMPConnectionSettings); null otherwise.
    /// </summary>
    public static string? CredentialToOffer(AgentIdentity identity, Guid agent, ulong capabilities, AgentAccessSnapshot? snapshot)
    {
        if (identity.Kind != AgentCredentialKind.EnrollmentToken || snapshot is null
            || (capabilities & (ulong)AgentCapabilities.AcceptsOpAmpconnectionSettings) == 0)
        {
            return null;
        }
        var generation = snapshot.Agents.TryGetValue(agent, out var standing) ? standing.Generation : 0;
        return AgentSecrets.Credential(snapshot.SigningKey, agent, generation);
    }

    /// <summary>Revoked: refused outright, or a credential older than the agent's last revocation.</summary>
    public static bool IsRevoked(AgentAccessSnapshot? snapshot, Guid agent, int credentialGeneration) =>
        snapshot is not null && snapshot.Agents.TryGetValue(agent, out var standing)
        && (standing.Refused || credentialGeneration < standing.Generation);

    /// <summary>The agent a per-agent credential names, without checking its signature (for logs only).</summary>
    public static Guid? ClaimedAgent(string secret) =>
        secret.StartsWith(AgentSecrets.CredentialPrefix, StringComparison.Ordinal) && secret.Length >= AgentSecrets.CredentialPrefix.Length + 32
        && Guid.TryParseExact(secret.AsSpan(AgentSecrets.CredentialPrefix.Length, 32), "N", out var agent)
            ? agent
            : null;

    /// <summary>The secret of an "Authorization: Bearer …" header, or null.</summary>
    public static string? BearerSecret(string? authorization)
    {
        const string scheme = "Bearer ";
        return authorization is { Length: > 7 } value && value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? value[scheme.Length..].Trim()
            : null;
    }
}
