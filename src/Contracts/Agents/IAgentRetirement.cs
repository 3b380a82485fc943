namespace Fleet.Contracts.Agents;

/// <summary>
/// Forgetting an agent, on the agent's grain. An interface of its own, not a method of
/// <see cref="IAgentGrain"/>: callers use it only once every silo has it (<see cref="ClusterSupport"/>).
/// </summary>
[Alias("fleet.agent-retirement")]
public interface IAgentRetirement : IGrainWithGuidKey
{
    /// <summary>
    /// Deletes everything the server holds about this agent and removes it from the agent list. Refused
    /// while the agent is connected, and, given <paramref name="silentSince"/>, when it was heard from
    /// after that time (retention sweeps pass their cut-off).
    /// </summary>
    [Alias("forget")]
    Task<ForgetOutcome> Forget(DateTimeOffset? silentSince);
}
