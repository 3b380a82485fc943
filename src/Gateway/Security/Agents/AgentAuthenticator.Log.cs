namespace Fleet.Gateway.Security.Agents;

public sealed partial class AgentAuthenticator
{
    // Never the secret itself: only why it failed and where it came from.
    [LoggerMessage(Level = LogLevel.Information, Message = "Refused an agent from {RemoteAddress}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason, string? remoteAddress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a message of agent {AgentUid} over {Transport}: {Reason}")]
    private static partial void LogNotAdmitted(ILogger logger, Guid agentUid, string transport, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check an agent's credentials: agent access is not fetched yet; answered 503")]
    private static partial void LogUncheckable(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a credential of agent {AgentUid} from {RemoteAddress}: {Reason}")]
    private static partial void LogCredentialRefused(ILogger logger, Guid agentUid, string reason, string? remoteAddress);
}
