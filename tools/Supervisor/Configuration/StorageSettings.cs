namespace Fleet.Supervisor.Configuration;

public sealed class StorageSettings
{
    /// <summary>Holds the instance uid, the last remote config and its status, and installed packages.</summary>
    public string Directory { get; set; } = "";
}
