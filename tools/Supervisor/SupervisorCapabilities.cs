using Fleet.Contracts.OpAmp;
using Fleet.Supervisor.Configuration;

namespace Fleet.Supervisor;

/// <summary>The AgentCapabilities bits for the capabilities section (status and heartbeats always).</summary>
internal static class SupervisorCapabilities
{
    public static ulong From(CapabilitySettings settings)
    {
        var capabilities = AgentCapabilities.ReportsStatus | AgentCapabilities.ReportsHeartbeat;
        if (settings.AcceptsRemoteConfig) { capabilities |= AgentCapabilities.AcceptsRemoteConfig; }
        if (settings.ReportsEffectiveConfig) { capabilities |= AgentCapabilities.ReportsEffectiveConfig; }
        if (settings.ReportsRemoteConfig) { capabilities |= AgentCapabilities.ReportsRemoteConfig; }
        if (settings.ReportsHealth) { capabilities |= AgentCapabilities.ReportsHealth; }
        if (settings.AcceptsRestartCommand) { capabilities |= AgentCapabilities.AcceptsRestartCommand; }
        if (settings.AcceptsPackages) { capabilities |= AgentCapabilities.AcceptsPackages; }
        if (settings.ReportsPackageStatuses) { capabilities |= AgentCapabilities.ReportsPackageStatuses; }
        if (settings.AcceptsOpampConnectionSettings) { capabilities |= AgentCapabilities.AcceptsOpAmpconnectionSettings; }
        return (ulong)capabilities;
    }
}
