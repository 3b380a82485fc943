namespace Fleet.Contracts.Packages;

/// <summary>
/// A package the server offers to the agents its selector matches: where to download it, its SHA-256
/// (hex) and optional signature. Type is "topLevel" (the agent itself) or "addon".
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.package-registration")]
public sealed record PackageRegistration(
    [property: Id(0)] string Name,
    [property: Id(1)] string Version,
    [property: Id(2)] string Type,
    [property: Id(3)] string DownloadUrl,
    [property: Id(4)] string Sha256,
    [property: Id(5)] string? Signature,
    [property: Id(6)] string Selector,
    [property: Id(7)] DateTimeOffset RegisteredAt);
