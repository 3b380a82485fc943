namespace Fleet.LoadTest.Agents;

/// <summary>What an AgentToServer was for, so each kind's round-trip is measured apart.</summary>
public enum MessageKind
{
    Heartbeat,
    StatusChange,
    ConfigStatus,
    FullState,
    Disconnect,
}
