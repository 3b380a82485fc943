namespace Fleet.Contracts.Agents;

[GenerateSerializer, Immutable, Alias("fleet.set-config-result-record")]
public sealed record SetConfigResult(
    [property: Id(0)] SetConfigOutcome Outcome,
    [property: Id(1)] string? ConfigHash);
