using Fleet.Contracts.Agents;

namespace Fleet.Gateway.Transport;

public sealed partial class AgentMessageRouter
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a malformed AgentToServer ({Bytes} bytes over {Transport}): {Reason}")]
    private static partial void LogMalformed(ILogger logger, AgentTransport transport, int bytes, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected an AgentToServer over {Transport} with a {Length}-byte instance_uid")]
    private static partial void LogBadInstanceUid(ILogger logger, AgentTransport transport, int length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a message over {Transport} for agent {InstanceUid} on a connection bound to {Expected}")]
    private static partial void LogUidMismatch(ILogger logger, AgentTransport transport, Guid expected, Guid instanceUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {InstanceUid}: grain unreachable, answered UNAVAILABLE")]
    private static partial void LogGrainUnavailable(ILogger logger, Guid instanceUid, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent {InstanceUid}: could not report the disconnect")]
    private static partial void LogDisconnectNotDelivered(ILogger logger, Guid instanceUid, Exception exception);
}
