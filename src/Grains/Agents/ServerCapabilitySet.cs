using Fleet.Contracts.OpAmp;

namespace Fleet.Grains.Agents;

/// <summary>What this server does, as announced in every ServerToAgent.capabilities.</summary>
public static class ServerCapabilitySet
{
    public const ulong Current =
        (ulong)ServerCapabilities.AcceptsStatus
        | (ulong)ServerCapabilities.OffersRemoteConfig
        | (ulong)ServerCapabilities.AcceptsEffectiveConfig
        | (ulong)ServerCapabilities.OffersPackages
        | (ulong)ServerCapabilities.AcceptsPackagesStatus
        | (ulong)ServerCapabilities.OffersConnectionSettings
        // An agent's certificate request (ConnectionSettingsRequest) is signed into its OpAMP settings.
        | (ulong)ServerCapabilities.AcceptsConnectionSettingsRequest;

    public static bool Has(ulong agentCapabilities, AgentCapabilities capability) =>
        (agentCapabilities & (ulong)capability) != 0;
}
