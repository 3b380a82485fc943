using System.Net.WebSockets;
using Fleet.Contracts.Security;
using Fleet.Gateway.Transport;

namespace Fleet.Gateway.Security.Agents;

/// <summary>Closes (1008) this gateway's sockets of agents that a new snapshot revokes: revocation takes effect now, not at the next reconnect.</summary>
public sealed partial class RevokedAgentDisconnector(AgentAccessCache access, AgentConnections connections, ILogger<RevokedAgentDisconnector> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        access.Changed += Disconnect;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        access.Changed -= Disconnect;
        return Task.CompletedTask;
    }

    private void Disconnect(AgentAccessSnapshot snapshot)
    {
        if (snapshot.Agents.Count == 0)
        {
            return;
        }
        foreach (var session in connections.Sessions)
        {
            if (session.InstanceUid is { } agent
                && AgentAccessRules.Admit(session.Identity, agent, snapshot) == AgentAdmission.Revoked)
            {
                LogDisconnecting(logger, agent, session.ConnectionId);
                _ = session.Close(WebSocketCloseStatus.PolicyViolation, "agent revoked", CancellationToken.None);
            }
        }
    }
}
