namespace Fleet.Supervisor.Configuration;

/// <summary>What the supervisor offers the server; all on unless turned off.</summary>
public sealed class CapabilitySettings
{
    public bool AcceptsRemoteConfig { get; set; } = true;

    public bool ReportsEffectiveConfig { get; set; } = true;

    public bool ReportsRemoteConfig { get; set; } = true;

    public bool ReportsHealth { get; set; } = true;

    public bool AcceptsRestartCommand { get; set; } = true;

    public bool AcceptsPackages { get; set; } = true;

    public bool ReportsPackageStatuses { get; set; } = true;

    /// <summary>Take the OpAMP request headers the server offers (a credential of its own in place of the enrollment token).</summary>
    public bool AcceptsOpampConnectionSettings { get; set; } = true;
}
