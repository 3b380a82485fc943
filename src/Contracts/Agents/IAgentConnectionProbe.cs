namespace Fleet.Contracts.Agents;

/// <summary>
/// Implemented by the same gateway object as <see cref="IAgentConnectionObserver"/>: whether a connection
/// is still open there. A grain asks it about an agent that may stay silent (no heartbeats), whose gateway
/// could otherwise die without a word and leave the agent listed connected for good. Only asked of
/// gateways that say they answer it (<see cref="AgentConnection.AnswersProbes"/>): an older gateway could
/// not decode the call.
/// </summary>
[Alias("fleet.agent-connection-probe")]
public interface IAgentConnectionProbe : IGrainObserver
{
    [Alias("holds")]
    Task<bool> Holds(Guid connectionId);
}
