namespace Fleet.Contracts.Agents;

/// <summary>A remote config to assign to one agent: file name → file.</summary>
[GenerateSerializer, Immutable, Alias("fleet.remote-config-request")]
public sealed record RemoteConfigRequest(
    [property: Id(0)] Dictionary<string, ConfigFile> Files);
