using Fleet.Contracts.Security;

namespace Fleet.Grains.Security;

/// <summary>
/// Enrollment tokens, revoked agents and the credential signing key, in one small stored record.
/// The key is made on first use and stored, so every gateway and every restart signs alike.
/// </summary>
public sealed class AgentAccessGrain(
    [PersistentState("agent-access", FleetStorage.Agents)] IPersistentState<AgentAccessState> state,
    TimeProvider clock) : Grain, IAgentAccessGrain
{
    private AgentAccessSnapshot? _snapshot;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.SigningKey is null)
        {
            state.State = state.State with { SigningKey = AgentSecrets.NewSigningKey(), Version = state.State.Version + 1 };
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<AgentAccessSnapshot?> Snapshot(long knownVersion) =>
        Task.FromResult(knownVersion == state.State.Version ? null : _snapshot ??= Build(state.State));

    public async Task<IssuedEnrollmentToken> CreateEnrollmentToken(string name, DateTimeOffset? expiresAt)
    {
        var secret = AgentSecrets.NewEnrollmentToken();
        var token = new EnrollmentToken(Guid.CreateVersion7(), name, secret[..(AgentSecrets.EnrollmentTokenPrefix.Length + 6)], clock.GetUtcNow(), expiresAt, null);
        state.State.Tokens[token.Id] = new StoredEnrollmentToken(token, AgentSecrets.Digest(secret));
        await Save();
        return new IssuedEnrollmentToken(token, secret);
    }

    public Task<List<EnrollmentToken>> EnrollmentTokens() =>
        Task.FromResult(state.State.Tokens.Values.Select(t => t.Token).OrderBy(t => t.CreatedAt).ToList());

    public async Task<bool> RevokeEnrollmentToken(Guid id)
    {
        if (!state.State.Tokens.TryGetValue(id, out var stored))
        {
            return false;
        }
        if (stored.Token.RevokedAt is null)
        {
            state.State.Tokens[id] = stored with { Token = stored.Token with { RevokedAt = clock.GetUtcNow() } };
            await Save();
        }
        return true;
    }

    public async Task<AgentRevocation> RevokeAgent(Guid agent, string? reason)
    {
        var generation = state.State.Agents.TryGetValue(agent, out var current) ? current.Generation + 1 : 1;
        var revocation = new AgentRevocation(agent, generation, Refused: true, clock.GetUtcNow(), reason);
        state.State.Agents[agent] = revocation;
        await Save();
        return revocation;
    }

    public async Task<bool> ReinstateAgent(Guid agent)
    {
        if (!state.State.Agents.TryGetValue(agent, out var current) || !current.Refused)
        {
            return false;
        }
        // The generation stays raised: credentials issued before the revocation remain invalid.
        state.State.Agents[agent] = current with { Refused = false };
        await Save();
        return true;
    }

    public Task<List<AgentRevocation>> Revocations() =>
        Task.FromResult(state.State.Agents.Values.Where(a => a.Refused).OrderBy(a => a.RevokedAt).ToList());

    private async Task Save()
    {
        state.State = state.State with { Version = state.State.Version + 1 };
        _snapshot = null;
        await state.WriteStateAsync();
    }

    private static AgentAccessSnapshot Build(AgentAccessState stored) => new(
        stored.Version,
        stored.SigningKey!,
        [.. stored.Tokens.Values.Where(t => t.Token.RevokedAt is null).Select(t => new EnrollmentTokenDigest(t.Token.Id, t.Sha256, t.Token.ExpiresAt))],
        new Dictionary<Guid, AgentRevocation>(stored.Agents));
}
