namespace Fleet.Supervisor.Configuration;

/// <summary>The supervisor's YAML file (snake_case keys), as <see cref="SupervisorSettingsFile"/> reads it.</summary>
public sealed class SupervisorSettings
{
    public ServerSettings Server { get; set; } = new();

    public AgentSettings Agent { get; set; } = new();

    public StorageSettings Storage { get; set; } = new();

    public CapabilitySettings Capabilities { get; set; } = new();

    public PackageSettings Packages { get; set; } = new();
}
