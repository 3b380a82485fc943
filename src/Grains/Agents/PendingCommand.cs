namespace Fleet.Grains.Agents;

/// <summary>A restart waiting for the agent's next message.</summary>
[GenerateSerializer, Alias("fleet.pending-command")]
public sealed record PendingCommand(
    [property: Id(0)] Guid CommandId,
    [property: Id(1)] DateTimeOffset ExpiresAt);
