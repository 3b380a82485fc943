using Fleet.Contracts.Agents;

namespace Fleet.Gateway.Transport;

/// <summary>
/// The grain observer object of this gateway process: hands pushes (and closes) to the right socket, and
/// says whether a socket is still open here.
/// </summary>
internal sealed class GatewayPushTarget(AgentConnections connections) : IAgentConnectionObserver, IAgentConnectionProbe
{
    public Task<bool> Holds(Guid connectionId) => Task.FromResult(connections.Holds(connectionId));

    public Task Push(Guid connectionId, byte[] message)
    {
        connections.Deliver(connectionId, message);
        return Task.CompletedTask;
    }

    public Task CloseSilent(Guid connectionId)
    {
        connections.CloseSilent(connectionId);
        return Task.CompletedTask;
    }
}
