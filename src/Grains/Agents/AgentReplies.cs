using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Grains.Agents;

/// <summary>Builds the ServerToAgent answer to one agent message from what the grain decided.</summary>
public static class AgentReplies
{
    public static ServerToAgent Reply(ReplyPlan plan)
    {
        var reply = new ServerToAgent
        {
            InstanceUid = plan.InstanceUid,
            Capabilities = ServerCapabilitySet.Current,
        };
        if (plan.ReportFullState)
        {
            reply.Flags |= (ulong)ServerToAgentFlags.ReportFullState;
        }
        if (plan.NewInstanceUid is { } newUid)
        {
            reply.AgentIdentification = new AgentIdentification { NewInstanceUid = newUid };
        }
        if (plan.RemoteConfig is { } config)
        {
            reply.RemoteConfig = config;
        }
        if (plan.Packages is { } packages)
        {
            reply.PackagesAvailable = packages;
        }
        if (plan.CustomMessage is { } custom)
        {
            reply.CustomMessage = custom;
        }
        if (plan.CustomCapabilities is { } customCapabilities)
        {
            reply.CustomCapabilities = customCapabilities;
        }
        if (plan.ConnectionSettings is { } settings)
        {
            reply.ConnectionSettings = settings;
        }
        else if (plan.HeartbeatInterval is { } interval)
        {
            reply.ConnectionSettings = HeartbeatOffer(interval);
        }
        return reply;
    }

    /// <summary>
    /// The custom capabilities the server declares to an agent that just declared its own (first report,
    /// a change, or a full state): the same list, since the server relays messages of any capability
    /// an agent declares (operators send and read them through the API). Null when the agent said nothing.
    /// </summary>
    public static CustomCapabilities? CustomCapabilitiesReply(AgentToServer incoming) =>
        incoming.CustomCapabilities is { } declared ? declared.Clone() : null;

    /// <summary>Whether the desired config still has to travel to the agent.</summary>
    public static bool ConfigOwed(AgentToServer status, AgentRemoteConfig? desired, ByteString? sentOnConnection) =>
        desired is not null
        && ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.AcceptsRemoteConfig)
        && status.RemoteConfigStatus?.LastRemoteConfigHash != desired.ConfigHash
        && sentOnConnection != desired.ConfigHash;

    public static bool DeclaresCustomCapability(AgentToServer status, string capability) =>
        status.CustomCapabilities?.Capabilities.Contains(capability) == true;

    public static bool HeartbeatOwed(AgentToServer status, bool offeredOnConnection) =>
        !offeredOnConnection && ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.ReportsHeartbeat);

    /// <summary>HTTP agents poll and heartbeating agents heartbeat: silence from them means they are gone.</summary>
    public static bool ExpectsRegularMessages(Fleet.Contracts.Agents.AgentTransport transport, AgentToServer status) =>
        transport == Fleet.Contracts.Agents.AgentTransport.Http
        || ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.ReportsHeartbeat);

    public static ConnectionSettingsOffers HeartbeatOffer(TimeSpan interval)
    {
        var settings = new OpAMPConnectionSettings { HeartbeatIntervalSeconds = (ulong)interval.TotalSeconds };
        return new ConnectionSettingsOffers
        {
            // The offer's hash lets agents skip settings they already run.
            Hash = ByteString.CopyFrom(System.Security.Cryptography.SHA256.HashData(settings.ToByteArray())),
            Opamp = settings,
        };
    }

    /// <summary>A command travels alone: the spec allows only uid and capabilities beside it.</summary>
    public static ServerToAgent Command(ByteString instanceUid, CommandType type) => new()
    {
        InstanceUid = instanceUid,
        Capabilities = ServerCapabilitySet.Current,
        Command = new ServerToAgentCommand { Type = type },
    };

    /// <summary>Deliver a queued restart in this reply only when nothing else must be said now.</summary>
    public static bool DeliverCommandNow(PendingCommand? pending, DateTimeOffset now, AgentToServer status, ReplyPlan plan) =>
        pending is not null
        && pending.ExpiresAt > now
        && ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.AcceptsRestartCommand)
        && !plan.ReportFullState && plan.NewInstanceUid is null && plan.RemoteConfig is null && plan.HeartbeatInterval is null && plan.Packages is null && plan.CustomMessage is null && plan.ConnectionSettings is null && plan.CustomCapabilities is null;

    public static ServerToAgent Error(ByteString instanceUid, ServerErrorResponseType type, string message) => new()
    {
        InstanceUid = instanceUid,
        Capabilities = ServerCapabilitySet.Current,
        ErrorResponse = new ServerErrorResponse { Type = type, ErrorMessage = message },
    };
}
