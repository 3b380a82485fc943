namespace Fleet.Contracts.Agents;

/// <summary>The agent's last RemoteConfigStatus: APPLIED, APPLYING, FAILED or UNSET, for which hash.</summary>
[GenerateSerializer, Immutable, Alias("fleet.remote-config-state")]
public sealed record RemoteConfigState(
    [property: Id(0)] string Status,
    [property: Id(1)] string? Hash,
    [property: Id(2)] string? ErrorMessage);
