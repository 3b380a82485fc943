using Fleet.Contracts.OpAmp;

namespace Fleet.LoadTest.Agents;

/// <summary>Classifies outgoing messages.</summary>
public static class MessageKinds
{
    public static MessageKind Of(AgentToServer message) => message switch
    {
        { AgentDisconnect: not null } => MessageKind.Disconnect,
        { AgentDescription: not null } => MessageKind.FullState,
        { RemoteConfigStatus: not null } or { EffectiveConfig: not null } => MessageKind.ConfigStatus,
        { Health: not null } => MessageKind.StatusChange,
        _ => MessageKind.Heartbeat,
    };
}
