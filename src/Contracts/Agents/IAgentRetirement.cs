namespace Fleet.Contracts.Agents;

/// <summary>
/// Forgetting an agent, on the agent's grain. An interface of its own, not a method of
/// <see cref="IAgentGrain"/>: callers use it only once every silo has it (<see cref="ClusterSupport"/>).
/// </summary>
[Alias("fleet.agent-retirement")]
public interface IAgentRetirement : IGrainWithGuidKey
{
    /// <summary>
    /// Deletes the agent's grain state (its last status, own config, connection-settings offers, pending
    /// restart, custom messages) and removes it from the agent list. Not a revocation: the agent may come
    /// back, and is then listed afresh. Refused while the agent is connected, and, given
    /// <paramref name="silentSince"/>, when it was heard from after that time (retention sweeps pass their cut-off).
    /// </summary>
    [Alias("forget")]
    Task<ForgetOutcome> Forget(DateTimeOffset? silentSince);
}
