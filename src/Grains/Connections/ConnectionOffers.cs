using System.Security.Cryptography;
using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Grains.Connections;

/// <summary>
/// Connection settings offers with a stable hash: map entries are put in key order before hashing,
/// so the same settings always carry the same hash and agents act only on real change.
/// </summary>
public static class ConnectionOffers
{
    public static ConnectionSettingsOffers WithHash(ConnectionSettingsOffers offers)
    {
        var canonical = offers.Clone();
        canonical.Hash = ByteString.Empty;
        var others = canonical.OtherConnections.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        canonical.OtherConnections.Clear();
        foreach (var (name, settings) in others)
        {
            var sorted = settings.OtherSettings.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
            settings.OtherSettings.Clear();
            settings.OtherSettings.Add(sorted.ToDictionary(kv => kv.Key, kv => kv.Value));
            canonical.OtherConnections[name] = settings;
        }
        canonical.Hash = ByteString.CopyFrom(SHA256.HashData(canonical.ToByteArray()));
        return canonical;
    }

    /// <summary>Whether the agent still has to hear about these settings.</summary>
    public static bool Owed(AgentToServer status, ConnectionSettingsOffers? offers, ByteString? sentOnConnection) =>
        offers is not null
        && (Agents.ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.AcceptsOpAmpconnectionSettings)
            || Agents.ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.AcceptsOtherConnectionSettings)
            || Agents.ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.ReportsOwnMetrics)
            || Agents.ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.ReportsOwnTraces)
            || Agents.ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.ReportsOwnLogs))
        && status.ConnectionSettingsStatus?.LastConnectionSettingsHash != offers.Hash
        && sentOnConnection != offers.Hash;
}
