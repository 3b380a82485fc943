namespace Fleet.Contracts.Security;

/// <summary>
/// Who may speak OpAMP (key 0): enrollment tokens, revoked agents and the key that signs per-agent
/// credentials. Gateways keep a copy (<see cref="AgentAccessSnapshot"/>) and check agents against it,
/// so an unauthenticated agent never reaches any agent grain.
/// </summary>
[Alias("fleet.agent-access")]
public interface IAgentAccessGrain : IGrainWithIntegerKey
{
    /// <summary>The current snapshot, or null when <paramref name="knownVersion"/> is still current.</summary>
    [Alias("snapshot"), Orleans.Concurrency.ReadOnly]
    Task<AgentAccessSnapshot?> Snapshot(long knownVersion);

    /// <summary>A new enrollment token; its secret is returned once and only its hash is kept.</summary>
    [Alias("create-token")]
    Task<IssuedEnrollmentToken> CreateEnrollmentToken(string name, DateTimeOffset? expiresAt);

    [Alias("tokens"), Orleans.Concurrency.ReadOnly]
    Task<List<EnrollmentToken>> EnrollmentTokens();

    /// <summary>False when no such token.</summary>
    [Alias("revoke-token")]
    Task<bool> RevokeEnrollmentToken(Guid id);

    /// <summary>Refuses the agent from now on and invalidates every credential issued to it.</summary>
    [Alias("revoke-agent")]
    Task<AgentRevocation> RevokeAgent(Guid agent, string? reason);

    /// <summary>Lets a revoked agent enroll again (with an enrollment token); its old credentials stay invalid.</summary>
    [Alias("reinstate-agent")]
    Task<bool> ReinstateAgent(Guid agent);

    [Alias("revocations"), Orleans.Concurrency.ReadOnly]
    Task<List<AgentRevocation>> Revocations();
}
