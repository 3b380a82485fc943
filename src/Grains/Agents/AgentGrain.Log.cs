using Fleet.Contracts.Agents;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Agents;

public sealed partial class AgentGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent {AgentUid} seen for the first time over {Transport}")]
    private static partial void LogFirstSeen(ILogger logger, Guid agentUid, AgentTransport transport);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent {AgentUid}: asking for full state (sequence {SequenceNum})")]
    private static partial void LogFullStateRequested(ILogger logger, Guid agentUid, ulong sequenceNum);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentUid} asked for a new instance uid: assigned {NewInstanceUid}")]
    private static partial void LogInstanceUidAssigned(ILogger logger, Guid agentUid, Guid newInstanceUid);

    [LoggerMessage(Message = "Agent {AgentUid}: desired config now {ConfigHash} (from {Source})")]
    private static partial void LogRemoteConfigSet(ILogger logger, LogLevel level, Guid agentUid, string configHash, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentUid}: ignored a message from stale connection {ConnectionId} on gateway {GatewayId}")]
    private static partial void LogStaleConnection(ILogger logger, Guid agentUid, Guid connectionId, string gatewayId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentUid}: two live agents share this uid; the one on connection {ConnectionId} is given {NewUid}")]
    private static partial void LogDuplicateRenamed(ILogger logger, Guid agentUid, Guid connectionId, Guid newUid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentUid} marked disconnected after {Silence} without a message")]
    private static partial void LogOfflineAfterSilence(ILogger logger, Guid agentUid, TimeSpan silence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentUid} marked disconnected, {Silence} without a message: {Reason} (gateway {GatewayId})")]
    private static partial void LogOfflineGatewayLost(ILogger logger, Guid agentUid, string gatewayId, string reason, TimeSpan silence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentUid}: state not saved; reloading from storage on the next call")]
    private static partial void LogStorageWriteFailed(ILogger logger, Guid agentUid, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentUid}: restart command {CommandId} delivered")]
    private static partial void LogRestartDelivered(ILogger logger, Guid agentUid, Guid commandId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentUid}: client certificate {Serial} issued (server-made key: {ServerKey})")]
    private static partial void LogCertificateIssued(ILogger logger, Guid agentUid, string serial, bool serverKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentUid}: certificate request rejected: {Reason}")]
    private static partial void LogBadCertificateRequest(ILogger logger, Guid agentUid, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentUid} came with an enrollment token: offering it a credential of its own")]
    private static partial void LogCredentialOffered(ILogger logger, Guid agentUid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentUid} forgotten at an operator's request")]
    private static partial void LogForgotten(ILogger logger, Guid agentUid);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent {AgentUid} forgotten: offline and silent since {LastSeen}")]
    private static partial void LogForgottenAfterSilence(ILogger logger, Guid agentUid, DateTimeOffset lastSeen);
}
