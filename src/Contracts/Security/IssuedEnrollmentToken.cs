namespace Fleet.Contracts.Security;

/// <summary>A token just created, with its secret: shown once, then only its hash exists.</summary>
[GenerateSerializer, Immutable, Alias("fleet.issued-enrollment-token")]
public sealed record IssuedEnrollmentToken(
    [property: Id(0)] EnrollmentToken Token,
    [property: Id(1)] string Secret);
