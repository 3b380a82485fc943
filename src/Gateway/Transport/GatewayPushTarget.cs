using Fleet.Contracts.Agents;

namespace Fleet.Gateway.Transport;

/// <summary>The grain observer object of this gateway process: hands pushes to the right socket.</summary>
internal sealed class GatewayPushTarget(AgentConnections connections) : IAgentConnectionObserver
{
    public Task Push(Guid connectionId, byte[] message)
    {
        connections.Deliver(connectionId, message);
        return Task.CompletedTask;
    }
}
