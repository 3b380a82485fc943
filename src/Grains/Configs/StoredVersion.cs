namespace Fleet.Grains.Configs;

/// <summary>One profile version: its encoded AgentConfigMap and hash.</summary>
[GenerateSerializer, Alias("fleet.profile-version")]
public sealed record StoredVersion(
    [property: Id(0)] int Version,
    [property: Id(1)] byte[] ConfigMap,
    [property: Id(2)] string ConfigHash,
    [property: Id(3)] DateTimeOffset CreatedAt);
