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

    /// <summary>
    /// The offers cut to the connection classes the agent declares (spec: an offer for a class only if the
    /// agent reports the capability to use it). OpAMP settings go to agents that accept them; to an agent
    /// that only heartbeats, just the heartbeat interval.
    /// </summary>
    public static ConnectionSettingsOffers ForCapabilities(ConnectionSettingsOffers offers, ulong capabilities)
    {
        bool Has(AgentCapabilities capability) => Agents.ServerCapabilitySet.Has(capabilities, capability);
        var cut = offers.Clone();
        if (!Has(AgentCapabilities.AcceptsOpAmpconnectionSettings) && cut.Opamp is { } opamp)
        {
            cut.Opamp = Has(AgentCapabilities.ReportsHeartbeat) && opamp.HeartbeatIntervalSeconds > 0
                ? new OpAMPConnectionSettings { HeartbeatIntervalSeconds = opamp.HeartbeatIntervalSeconds }
                : null;
        }
        if (!Has(AgentCapabilities.ReportsOwnMetrics))
        {
            cut.OwnMetrics = null;
        }
        if (!Has(AgentCapabilities.ReportsOwnTraces))
        {
            cut.OwnTraces = null;
        }
        if (!Has(AgentCapabilities.ReportsOwnLogs))
        {
            cut.OwnLogs = null;
        }
        if (!Has(AgentCapabilities.AcceptsOtherConnectionSettings))
        {
            cut.OtherConnections.Clear();
        }
        return cut;
    }

    /// <summary>Whether any connection class is offered at all.</summary>
    public static bool OffersAnything(ConnectionSettingsOffers offers) =>
        offers.Opamp is not null || offers.OwnMetrics is not null || offers.OwnTraces is not null || offers.OwnLogs is not null || offers.OtherConnections.Count > 0;

    /// <summary>Whether the agent still has to hear about these settings.</summary>
    public static bool Owed(AgentToServer status, ConnectionSettingsOffers? offers, ByteString? sentOnConnection) =>
        offers is not null
        && (Agents.ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.AcceptsOpAmpconnectionSettings)
            || Agents.ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.AcceptsOtherConnectionSettings)
            || Agents.ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.ReportsOwnMetrics)
            || Agents.ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.ReportsOwnTraces)
            || Agents.ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.ReportsOwnLogs)
            // An agent that only heartbeats is offered just its interval (ForCapabilities).
            || (Agents.ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.ReportsHeartbeat) && offers.Opamp is { HeartbeatIntervalSeconds: > 0 }))
        && status.ConnectionSettingsStatus?.LastConnectionSettingsHash != offers.Hash
        && sentOnConnection != offers.Hash;

    public const string AuthorizationHeader = "Authorization";
    private const string IssuedPrefix = "Bearer " + Fleet.Contracts.Security.AgentSecrets.CredentialPrefix;

    /// <summary>
    /// The offers with the agent's credential as its OpAMP Authorization header, or null when they
    /// carry it already (so nothing changes and the hash stays).
    /// </summary>
    public static ConnectionSettingsOffers? WithCredential(ConnectionSettingsOffers? current, string credential)
    {
        var header = "Bearer " + credential;
        if (IssuedAuthorization(current) == header)
        {
            return null;
        }
        var offers = current?.Clone() ?? new ConnectionSettingsOffers();
        offers.Opamp ??= new OpAMPConnectionSettings();
        SetAuthorization(offers.Opamp, header);
        return offers;
    }

    /// <summary>
    /// New settings from an operator keep the credential this server issued unless they set their own
    /// Authorization. Only an issued credential is kept: an Authorization header an operator set before
    /// goes when the operator's new settings leave it out.
    /// </summary>
    public static void KeepCredential(ConnectionSettingsOffers requested, ConnectionSettingsOffers? current)
    {
        if (IssuedAuthorization(current) is { } issued && issued.StartsWith(IssuedPrefix, StringComparison.Ordinal)
            && !(requested.Opamp?.Headers?.Headers_.Any(h => IsAuthorization(h.Key)) ?? false))
        {
            SetAuthorization(requested.Opamp ??= new OpAMPConnectionSettings(), issued);
        }
    }

    private static string? IssuedAuthorization(ConnectionSettingsOffers? offers) =>
        offers?.Opamp?.Headers?.Headers_.FirstOrDefault(h => IsAuthorization(h.Key))?.Value;

    private static void SetAuthorization(OpAMPConnectionSettings opamp, string value)
    {
        opamp.Headers ??= new Headers();
        var kept = opamp.Headers.Headers_.Where(h => !IsAuthorization(h.Key)).ToList();
        opamp.Headers.Headers_.Clear();
        opamp.Headers.Headers_.Add(kept);
        opamp.Headers.Headers_.Add(new Header { Key = AuthorizationHeader, Value = value });
    }

    private static bool IsAuthorization(string name) => name.Equals(AuthorizationHeader, StringComparison.OrdinalIgnoreCase);
}
