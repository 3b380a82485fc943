using Orleans.Concurrency;

namespace Fleet.Contracts.Agents;

/// <summary>
/// Implemented once per gateway process: the way a grain reaches the socket that one of its agents
/// holds on that gateway. One-way, so a dead gateway never blocks a grain.
/// </summary>
[Alias("fleet.agent-connection-observer")]
public interface IAgentConnectionObserver : IGrainObserver
{
    /// <summary>Sends an encoded ServerToAgent message on the given connection, if it is still open.</summary>
    [OneWay, Alias("push")]
    Task Push(Guid connectionId, byte[] message);

    /// <summary>
    /// Closes the given connection: its agent sent nothing past its heartbeat deadline, and its grain
    /// now lists it offline. The gateway needs no timer of its own per socket to find such agents.
    /// </summary>
    [OneWay, Alias("close-silent")]
    Task CloseSilent(Guid connectionId);
}
