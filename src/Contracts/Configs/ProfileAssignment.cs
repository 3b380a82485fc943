namespace Fleet.Contracts.Configs;

/// <summary>A profile version handed to one agent: the encoded AgentConfigMap and its hash.</summary>
/// <param name="FromRollout">
/// Handed out by a running rollout, which wants to hear how the agent fares with it
/// (<see cref="IConfigProfileGrain.ReportOutcome"/>); stable versions from the index are not.
/// </param>
[GenerateSerializer, Immutable, Alias("fleet.profile-assignment")]
public sealed record ProfileAssignment(
    [property: Id(0)] string Profile,
    [property: Id(1)] int Version,
    [property: Id(2)] int Priority,
    [property: Id(3)] byte[] ConfigMap,
    [property: Id(4)] string ConfigHash,
    [property: Id(5)] bool FromRollout = false);
