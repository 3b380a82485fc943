namespace Fleet.Contracts.Connections;

/// <summary>A client certificate the server's CA issued to an agent (from its CSR, or with a server-made key on rotation).</summary>
[GenerateSerializer, Immutable, Alias("fleet.issued-certificate")]
public sealed record IssuedCertificate(
    [property: Id(0)] string Subject,
    [property: Id(1)] string SerialNumber,
    [property: Id(2)] DateTimeOffset NotBefore,
    [property: Id(3)] DateTimeOffset NotAfter,
    [property: Id(4)] bool ServerGeneratedKey);
