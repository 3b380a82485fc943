namespace Fleet.Contracts.Agents;

/// <summary>What happened to a command request: delivered now, queued, or refused (and why).</summary>
[GenerateSerializer, Immutable, Alias("fleet.command-result")]
public sealed record CommandResult(
    [property: Id(0)] SetConfigOutcome Outcome,
    [property: Id(1)] Guid? CommandId);
