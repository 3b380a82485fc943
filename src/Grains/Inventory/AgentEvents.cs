using Fleet.Contracts.Agents;

namespace Fleet.Grains.Inventory;

/// <summary>Names a change to an agent's summary for event subscribers.</summary>
public static class AgentEvents
{
    public const string Added = "added";
    public const string Connected = "connected";
    public const string Disconnected = "disconnected";
    public const string Changed = "changed";
    public const string Removed = "removed";
    public const string CustomMessage = "customMessage";

    public static string Kind(AgentSummary? previous, AgentSummary current) =>
        previous is null ? Added
        : previous.Connected != current.Connected ? (current.Connected ? Connected : Disconnected)
        : Changed;
}
