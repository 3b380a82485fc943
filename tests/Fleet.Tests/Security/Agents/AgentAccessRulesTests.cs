using Fleet.Contracts.OpAmp;
using Fleet.Contracts.Security;
using Fleet.Gateway.Security.Agents;

namespace Fleet.Tests.Security.Agents;

public class AgentAccessRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = AgentSecrets.NewSigningKey();
    private static readonly Guid Agent = Guid.CreateVersion7();

    private static AgentAccessSnapshot Snapshot(List<EnrollmentTokenDigest>? tokens = null, params AgentRevocation[] agents) =>
        new(1, Key, tokens ?? [], agents.ToDictionary(a => a.Agent));

    [Fact]
    public void Credential_SameAgentAndGeneration_SameStringAndVerifies()
    {
        var credential = AgentSecrets.Credential(Key, Agent, 2);

        Assert.Equal(credential, AgentSecrets.Credential(Key, Agent, 2));
        Assert.True(AgentSecrets.TryVerifyCredential(Key, credential, out var agent, out var generation));
        Assert.Equal((Agent, 2), (agent, generation));
    }

    [Theory]
    [InlineData("other-key")]
    [InlineData("tampered-uid")]
    [InlineData("tampered-generation")]
    [InlineData("truncated")]
    public void TryVerifyCredential_ForgedOrDamaged_False(string damage)
    {
        var credential = AgentSecrets.Credential(Key, Agent, 0);
        var (key, presented) = damage switch
        {
            "other-key" => (AgentSecrets.NewSigningKey(), credential),
            "tampered-uid" => (Key, credential.Replace(Agent.ToString("N"), Guid.CreateVersion7().ToString("N"))),
            "tampered-generation" => (Key, credential.Replace($"{Agent:N}_0_", $"{Agent:N}_1_")),
            _ => (Key, credential[..^5]),
        };

        Assert.False(AgentSecrets.TryVerifyCredential(key, presented, out _, out _));
    }

    [Fact]
    public void Authenticate_ConfiguredToken_Enrolled()
    {
        var identity = AgentAccessRules.Authenticate("s3cret", null, [AgentSecrets.Digest("s3cret")], Now, out var failure);

        Assert.Equal(AgentCredentialKind.EnrollmentToken, identity?.Kind);
        Assert.Null(failure);
    }

    [Fact]
    public void Authenticate_ExpiredToken_RefusedAsExpired()
    {
        var snapshot = Snapshot([new EnrollmentTokenDigest(Guid.NewGuid(), AgentSecrets.Digest("t"), Now.AddSeconds(-1))]);

        Assert.Null(AgentAccessRules.Authenticate("t", snapshot, [], Now, out var failure));
        Assert.Equal("expired_token", failure);
    }

    [Fact]
    public void Authenticate_UnknownToken_RefusedAsUnknown()
    {
        Assert.Null(AgentAccessRules.Authenticate("nope", Snapshot(), [AgentSecrets.Digest("other")], Now, out var failure));
        Assert.Equal("unknown_token", failure);
    }

    [Fact]
    public void Authenticate_CredentialOlderThanRevocation_RefusedAsRevoked()
    {
        var snapshot = Snapshot(null, new AgentRevocation(Agent, 1, Refused: false, Now, null));

        Assert.Null(AgentAccessRules.Authenticate(AgentSecrets.Credential(Key, Agent, 0), snapshot, [], Now, out var failure));
        Assert.Equal("revoked", failure);
        Assert.Equal(AgentCredentialKind.Credential, AgentAccessRules.Authenticate(AgentSecrets.Credential(Key, Agent, 1), snapshot, [], Now, out _)?.Kind);
    }

    [Fact]
    public void Admit_CredentialOfAnotherAgent_WrongAgent()
    {
        var identity = new AgentIdentity(AgentCredentialKind.Credential, Agent);

        Assert.Equal(AgentAdmission.WrongAgent, AgentAccessRules.Admit(identity, Guid.CreateVersion7(), Snapshot()));
        Assert.Equal(AgentAdmission.Admitted, AgentAccessRules.Admit(identity, Agent, Snapshot()));
    }

    [Fact]
    public void Admit_RefusedAgent_RevokedWhateverItShowed()
    {
        var snapshot = Snapshot(null, new AgentRevocation(Agent, 1, Refused: true, Now, "stolen"));

        Assert.Equal(AgentAdmission.Revoked, AgentAccessRules.Admit(AgentIdentity.Anonymous, Agent, snapshot));
        Assert.Equal(AgentAdmission.Revoked, AgentAccessRules.Admit(AgentIdentity.Enrolled, Agent, snapshot));
        Assert.Equal(AgentAdmission.Admitted, AgentAccessRules.Admit(AgentIdentity.Enrolled, Guid.CreateVersion7(), snapshot));
    }

    [Fact]
    public void CredentialToOffer_EnrolledAgentAcceptingSettings_CredentialOfItsGeneration()
    {
        var snapshot = Snapshot(null, new AgentRevocation(Agent, 3, Refused: false, Now, null));
        const ulong accepts = (ulong)(AgentCapabilities.ReportsStatus | AgentCapabilities.AcceptsOpAmpconnectionSettings);

        var credential = AgentAccessRules.CredentialToOffer(AgentIdentity.Enrolled, Agent, accepts, snapshot);

        Assert.True(AgentSecrets.TryVerifyCredential(Key, credential!, out var agent, out var generation));
        Assert.Equal((Agent, 3), (agent, generation));
        Assert.Null(AgentAccessRules.CredentialToOffer(AgentIdentity.Enrolled, Agent, (ulong)AgentCapabilities.ReportsStatus, snapshot));
        Assert.Null(AgentAccessRules.CredentialToOffer(new AgentIdentity(AgentCredentialKind.Credential, Agent, 3), Agent, accepts, snapshot));
    }

    [Fact]
    public void ClaimedAgent_CredentialOrToken_AgentOnlyForCredentials()
    {
        Assert.Equal(Agent, AgentAccessRules.ClaimedAgent(AgentSecrets.Credential(AgentSecrets.NewSigningKey(), Agent, 0)));
        Assert.Null(AgentAccessRules.ClaimedAgent(AgentSecrets.NewEnrollmentToken()));
        Assert.Null(AgentAccessRules.ClaimedAgent("fleet_ac_short"));
    }

    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer  abc ", "abc")]
    [InlineData("Basic abc", null)]
    [InlineData("Bearer", null)]
    [InlineData(null, null)]
    public void BearerSecret_Header_SecretOrNull(string? header, string? expected) =>
        Assert.Equal(expected, AgentAccessRules.BearerSecret(header));
}
