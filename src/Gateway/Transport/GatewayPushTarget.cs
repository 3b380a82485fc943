using Fleet.Contracts.Agents;

namespace Fleet.Gateway.Transport;

/// <summary>The grain observer object of this gateway process: hands pushes (and closes) to the right socket.</summary>
internal sealed class GatewayPushTarget(AgentConnections connections) : IAgentConnectionObserver
{
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
