namespace Fleet.Supervisor.Packages;

internal sealed partial class PackageManager
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Downloaded and verified package {Name} {Version} for {Target}")]
    private static partial void LogDownloaded(ILogger logger, string name, string version, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Installed package {Name} {Version}")]
    private static partial void LogInstalled(ILogger logger, string name, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed package {Name}: the server no longer offers it")]
    private static partial void LogRemoved(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Package {Name} {Version} failed: {Error}")]
    private static partial void LogPackageFailed(ILogger logger, string name, string version, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rolling back the package install: {Error}")]
    private static partial void LogRollingBack(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Package {Name} comes with a signature, which this supervisor does not check (the SHA-256 content hash is checked)")]
    private static partial void LogSignatureNotChecked(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing a package offer failed")]
    private static partial void LogOfferFailed(ILogger logger, Exception exception);
}
