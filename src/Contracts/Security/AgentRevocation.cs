namespace Fleet.Contracts.Security;

/// <summary>
/// An agent's standing: credentials of a generation below <paramref name="Generation"/> are invalid;
/// a <paramref name="Refused"/> agent is turned away even with a valid enrollment token.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.agent-revocation")]
public sealed record AgentRevocation(
    [property: Id(0)] Guid Agent,
    [property: Id(1)] int Generation,
    [property: Id(2)] bool Refused,
    [property: Id(3)] DateTimeOffset RevokedAt,
    [property: Id(4)] string? Reason);
