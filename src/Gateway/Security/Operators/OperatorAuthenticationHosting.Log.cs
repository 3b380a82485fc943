namespace Fleet.Gateway.Security.Operators;

public static partial class OperatorAuthenticationHosting
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The management API and console are unauthenticated: anyone who reaches the management port may read and change the fleet. Configure API keys or OIDC under {Section}")]
    private static partial void LogUnauthenticated(ILogger logger, string section);

    [LoggerMessage(Level = LogLevel.Information, Message = "Operators sign in to the management API: {ApiKeyCount} API key(s); OIDC tokens from {Authority}")]
    private static partial void LogEnabled(ILogger logger, int apiKeyCount, string authority);
}
