namespace Fleet.Supervisor.Configuration;

public sealed class PackageSettings
{
    /// <summary>Longest one package download may take.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
