using Fleet.Contracts.Agents;

namespace Fleet.Gateway.Transport;

public sealed partial class AgentMessageRouter
{
    // AgentUid: the agent the connection or request is bound to, when known (null otherwise).
    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a malformed AgentToServer ({Bytes} bytes over {Transport}, agent {AgentUid}): {Reason}")]
    private static partial void LogMalformed(ILogger logger, Guid? agentUid, AgentTransport transport, int bytes, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected an AgentToServer over {Transport} with a {Length}-byte instance_uid (agent {AgentUid})")]
    private static partial void LogBadInstanceUid(ILogger logger, Guid? agentUid, AgentTransport transport, int length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a message over {Transport} for agent {AgentUid} on a connection bound to {Expected}")]
    private static partial void LogUidMismatch(ILogger logger, AgentTransport transport, Guid expected, Guid agentUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentUid}: grain unreachable, answered UNAVAILABLE")]
    private static partial void LogGrainUnavailable(ILogger logger, Guid agentUid, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent {AgentUid}: could not report the disconnect")]
    private static partial void LogDisconnectNotDelivered(ILogger logger, Guid agentUid, Exception exception);
}
