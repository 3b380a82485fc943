namespace Fleet.Gateway.Security.Agents;

public sealed partial class AgentAccessCache
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Agent access version {Version}: {Tokens} enrollment tokens made through the API, {Refused} refused agents")]
    private static partial void LogSnapshot(ILogger logger, long version, int tokens, int refused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch agent access (tokens, revocations): {Reason}; keeping the last copy")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent access fetched again")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent authentication is off (Fleet:Security:Agents:Required=false): any agent may connect")]
    private static partial void LogAuthenticationOff(ILogger logger);
}
