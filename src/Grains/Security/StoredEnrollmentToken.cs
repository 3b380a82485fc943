using Fleet.Contracts.Security;

namespace Fleet.Grains.Security;

/// <summary>An enrollment token in storage: what operators see, and the hash of its secret.</summary>
[GenerateSerializer, Immutable, Alias("fleet.stored-enrollment-token")]
public sealed record StoredEnrollmentToken(
    [property: Id(0)] EnrollmentToken Token,
    [property: Id(1)] byte[] Sha256);
