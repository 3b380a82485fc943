namespace Fleet.Gateway.Security.Operators;

public sealed partial class OperatorAuthorizationResultHandler
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Management call {Request} refused: no or an unrecognised credential")]
    private static partial void LogUnauthenticated(ILogger logger, string request);

    [LoggerMessage(Level = LogLevel.Information, Message = "Management call {Request} by {Operator} ({Role}) refused: needs {Needed}")]
    private static partial void LogForbidden(ILogger logger, string @operator, string role, string request, string needed);
}
