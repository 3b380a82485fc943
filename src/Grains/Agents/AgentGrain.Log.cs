using Fleet.Contracts.Agents;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Agents;

public sealed partial class AgentGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent {InstanceUid} seen for the first time over {Transport}")]
    private static partial void LogFirstSeen(ILogger logger, Guid instanceUid, AgentTransport transport);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent {InstanceUid}: asking for full state (sequence {SequenceNum})")]
    private static partial void LogFullStateRequested(ILogger logger, Guid instanceUid, ulong sequenceNum);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {InstanceUid} asked for a new instance uid: assigned {NewInstanceUid}")]
    private static partial void LogInstanceUidAssigned(ILogger logger, Guid instanceUid, Guid newInstanceUid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {InstanceUid}: desired config now {ConfigHash} (from {Source})")]
    private static partial void LogRemoteConfigSet(ILogger logger, Guid instanceUid, string configHash, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {InstanceUid}: ignored a message from stale connection {ConnectionId} on gateway {GatewayId}")]
    private static partial void LogStaleConnection(ILogger logger, Guid instanceUid, Guid connectionId, string gatewayId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {InstanceUid} marked disconnected after {Silence} without a message")]
    private static partial void LogOfflineAfterSilence(ILogger logger, Guid instanceUid, TimeSpan silence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {InstanceUid}: state not saved; reloading from storage on the next call")]
    private static partial void LogStorageWriteFailed(ILogger logger, Guid instanceUid, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {InstanceUid}: restart command {CommandId} delivered")]
    private static partial void LogRestartDelivered(ILogger logger, Guid instanceUid, Guid commandId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {InstanceUid}: client certificate {Serial} issued (server-made key: {ServerKey})")]
    private static partial void LogCertificateIssued(ILogger logger, Guid instanceUid, string serial, bool serverKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {InstanceUid}: certificate request rejected: {Reason}")]
    private static partial void LogBadCertificateRequest(ILogger logger, Guid instanceUid, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {InstanceUid} came with an enrollment token: offering it a credential of its own")]
    private static partial void LogCredentialOffered(ILogger logger, Guid instanceUid);
}
