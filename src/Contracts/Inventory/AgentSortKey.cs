namespace Fleet.Contracts.Inventory;

/// <summary>What the agent list can be sorted by; ties are always broken by instance uid.</summary>
[GenerateSerializer, Alias("fleet.agent-sort-key")]
public enum AgentSortKey
{
    InstanceUid = 0,
    LastSeen = 1,
    ServiceName = 2,
}
