using Orleans.Concurrency;

namespace Fleet.Contracts.Agents;

/// <summary>
/// One grain per OpAMP instance uid (the 16 uid bytes read as a big-endian UUID). Holds the agent's
/// last full status, its desired remote config and its current connection.
/// </summary>
[Alias("fleet.agent")]
public interface IAgentGrain : IGrainWithGuidKey
{
    /// <summary>Handles one AgentToServer message and returns the encoded ServerToAgent reply.</summary>
    [Alias("receive")]
    Task<AgentReply> Receive(AgentEnvelope envelope);

    /// <summary>The connection closed (WebSocket close, network error or gateway drain).</summary>
    [Alias("disconnected")]
    Task Disconnected(Guid connectionId);

    /// <summary>
    /// Lists the agent offline (and closes its socket) when it promised regular messages and has been
    /// silent past the offline window; otherwise changes nothing. Its silo's offline watch asks.
    /// </summary>
    [Alias("check-offline"), OneWay]
    Task CheckOffline();

    /// <summary>Full view for the management API; null when the agent has never reported.</summary>
    [Alias("detail")]
    Task<AgentDetail?> GetDetail();

    /// <summary>Sets the agent's remote config; pushes it at once when the agent holds a WebSocket.</summary>
    [Alias("set-config")]
    Task<SetConfigResult> SetRemoteConfig(RemoteConfigRequest request);

    /// <summary>
    /// Asks the agent to restart: pushed at once over WebSocket, otherwise queued until the agent's
    /// next message or until it expires. Delivered at most once.
    /// </summary>
    [Alias("restart")]
    Task<CommandResult> Restart(TimeSpan expiresIn);

    /// <summary>Removes the per-agent config, so profiles decide again.</summary>
    [Alias("clear-config")]
    Task<SetConfigResult> ClearRemoteConfig();

    /// <summary>A profile version for this agent (or, with null config, the profile no longer applies).</summary>
    [Alias("assign-profile")]
    Task AssignProfile(Fleet.Contracts.Configs.ProfileAssignment assignment);

    [Alias("unassign-profile")]
    Task UnassignProfile(string profile);

    /// <summary>The packages this agent should have (encoded PackagesAvailable); null: none.</summary>
    [Alias("offer-packages")]
    Task OfferPackages(byte[]? packagesAvailable);

    /// <summary>Sends a custom message if the agent declares its capability: pushed over WebSocket, else queued for its next poll.</summary>
    [Alias("send-custom-message")]
    Task<CommandResult> SendCustomMessage(Fleet.Contracts.Messages.CustomMessageRecord message);

    /// <summary>The custom messages the agent sent, newest last (bounded).</summary>
    [Alias("custom-messages"), Orleans.Concurrency.ReadOnly]
    Task<List<Fleet.Contracts.Messages.CustomMessageRecord>> GetCustomMessages();

    /// <summary>Sets the connection settings offered to this agent (an encoded ConnectionSettingsOffers; the hash is computed here).</summary>
    [Alias("set-connection-settings")]
    Task<SetConfigResult> SetConnectionSettings(byte[] offers);

    /// <summary>Issues a new client certificate with a server-generated key and offers it (rotation).</summary>
    [Alias("rotate-certificate")]
    Task<SetConfigResult> RotateCertificate();

    [Alias("config-state"), Orleans.Concurrency.ReadOnly]
    Task<Fleet.Contracts.Configs.AgentConfigState?> GetConfigState();
}
