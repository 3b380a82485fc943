using Orleans.Concurrency;

namespace Fleet.Contracts.Inventory;

/// <summary>
/// Keyset pages of a directory shard (<see cref="AgentCursor"/>). A separate interface, as
/// <see cref="IAgentDirectoryReads"/>: used once every silo in the cluster has it.
/// </summary>
[Alias("fleet.agent-directory-cursor-reads")]
public interface IAgentDirectoryCursorReads : IGrainWithIntegerKey
{
    /// <summary>How many of this shard's agents match, and the first <paramref name="take"/> of them after the cursor, in its order.</summary>
    [Alias("page-after"), ReadOnly]
    Task<AgentSlice> PageAfter(AgentQuery query, AgentCursor after, int take);
}
