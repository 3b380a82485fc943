namespace Fleet.Contracts.Messages;

/// <summary>A custom message (OpAMP CustomMessage) received from or sent to an agent.</summary>
[GenerateSerializer, Immutable, Alias("fleet.custom-message")]
public sealed record CustomMessageRecord(
    [property: Id(0)] string Capability,
    [property: Id(1)] string Type,
    [property: Id(2)] byte[] Data,
    [property: Id(3)] DateTimeOffset At);
