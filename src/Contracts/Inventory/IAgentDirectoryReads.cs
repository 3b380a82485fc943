using Orleans.Concurrency;

namespace Fleet.Contracts.Inventory;

/// <summary>
/// Reads a directory shard answers from its own agents, so that a page or a count never moves the
/// whole fleet. A separate interface, not new methods on <see cref="IAgentDirectoryGrain"/>: a silo
/// of an older release cannot decode a call it does not know (the caller's connection to it stopped
/// answering here), and a new interface shows in the cluster manifest, so a gateway can tell whether
/// every silo has it before calling it.
/// </summary>
[Alias("fleet.agent-directory-reads")]
public interface IAgentDirectoryReads : IGrainWithIntegerKey
{
    /// <summary>How many of this shard's agents match, and the first <paramref name="take"/> of them in the given order.</summary>
    [Alias("page"), ReadOnly]
    Task<AgentSlice> Page(AgentQuery query, AgentOrder order, int take);

    [Alias("count"), ReadOnly]
    Task<int> Count(AgentQuery query);

    [Alias("tally"), ReadOnly]
    Task<FleetTally> Tally();
}
