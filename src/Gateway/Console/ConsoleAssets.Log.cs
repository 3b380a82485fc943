namespace Fleet.Gateway.Console;

public sealed partial class ConsoleAssets
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Web console not served: no index.html in {Root} (build the gateway, or set Fleet:Console:ContentPath)")]
    private static partial void LogMissing(ILogger logger, string root);

    [LoggerMessage(Level = LogLevel.Information, Message = "Web console disabled (Fleet:Console:Enabled=false)")]
    private static partial void LogDisabled(ILogger logger);
}
