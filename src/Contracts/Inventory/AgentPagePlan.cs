namespace Fleet.Contracts.Inventory;

/// <summary>
/// What every shard is asked for one page: its first <see cref="Take"/> matches in <see cref="Order"/>,
/// which is the requested order turned round when the page lies nearer the end of the list.
/// </summary>
public readonly record struct AgentPagePlan(AgentOrder Order, int Take, bool Reversed);
