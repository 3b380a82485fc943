namespace Fleet.Gateway.Security.Agents;

public sealed partial class RevokedAgentDisconnector
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentUid} is revoked: closing its connection {ConnectionId}")]
    private static partial void LogDisconnecting(ILogger logger, Guid agentUid, Guid connectionId);
}
