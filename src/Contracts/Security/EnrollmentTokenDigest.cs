namespace Fleet.Contracts.Security;

/// <summary>An enrollment token as gateways check it: the SHA-256 of its secret, never the secret.</summary>
[GenerateSerializer, Immutable, Alias("fleet.enrollment-token-digest")]
public sealed record EnrollmentTokenDigest(
    [property: Id(0)] Guid Id,
    [property: Id(1)] byte[] Sha256,
    [property: Id(2)] DateTimeOffset? ExpiresAt);
