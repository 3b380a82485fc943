namespace Fleet.Contracts.Security;

/// <summary>An enrollment token as operators see it: no secret, only its first characters to recognise it.</summary>
[GenerateSerializer, Immutable, Alias("fleet.enrollment-token")]
public sealed record EnrollmentToken(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Prefix,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? ExpiresAt,
    [property: Id(5)] DateTimeOffset? RevokedAt);
