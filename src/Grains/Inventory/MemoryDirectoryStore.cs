using System.Collections.Concurrent;
using Fleet.Contracts.Agents;

namespace Fleet.Grains.Inventory;

/// <summary>
/// The embedded default's directory store: lives as long as the process, so a shard's summaries survive
/// its grain's deactivation. Summaries are immutable and shared with the grain, never copied.
/// </summary>
public sealed class MemoryDirectoryStore : IDirectoryStore
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<Guid, AgentSummary>> _shards = new();

    public Task<IReadOnlyCollection<AgentSummary>> Read(long shard) =>
        Task.FromResult<IReadOnlyCollection<AgentSummary>>(_shards.TryGetValue(shard, out var agents) ? [.. agents.Values] : []);

    public Task Write(long shard, IReadOnlyCollection<AgentSummary> saved, IReadOnlyCollection<Guid> removed)
    {
        var agents = _shards.GetOrAdd(shard, _ => new ConcurrentDictionary<Guid, AgentSummary>());
        foreach (var summary in saved)
        {
            agents[summary.InstanceUid] = summary;
        }
        foreach (var uid in removed)
        {
            agents.TryRemove(uid, out _);
        }
        return Task.CompletedTask;
    }
}
