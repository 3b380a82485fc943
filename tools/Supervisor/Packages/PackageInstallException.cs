namespace Fleet.Supervisor.Packages;

/// <summary>One package could not be downloaded or installed; the message is reported to the server.</summary>
internal sealed class PackageInstallException(string message, Exception? inner = null) : Exception(message, inner);
