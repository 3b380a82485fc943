namespace Fleet.Contracts.Configs;

/// <summary>A profile version handed to one agent: the encoded AgentConfigMap and its hash.</summary>
[GenerateSerializer, Immutable, Alias("fleet.profile-assignment")]
public sealed record ProfileAssignment(
    [property: Id(0)] string Profile,
    [property: Id(1)] int Version,
    [property: Id(2)] int Priority,
    [property: Id(3)] byte[] ConfigMap,
    [property: Id(4)] string ConfigHash);
