using Fleet.Contracts.Agents;

namespace Fleet.Grains.Inventory;

/// <summary>
/// Where directory shards keep their summaries, one entry per agent: a change costs a write of that
/// agent's summary, not of its whole shard (which at 100k agents is ~2.5 MB and was rewritten with
/// every batch of new agents).
/// </summary>
public interface IDirectoryStore
{
    Task<IReadOnlyCollection<AgentSummary>> Read(long shard);

    /// <summary>Stores the given summaries (replacing older ones) and forgets the removed agents.</summary>
    Task Write(long shard, IReadOnlyCollection<AgentSummary> saved, IReadOnlyCollection<Guid> removed);
}
