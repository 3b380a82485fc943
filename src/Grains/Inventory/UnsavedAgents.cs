using Fleet.Contracts.Agents;

namespace Fleet.Grains.Inventory;

/// <summary>
/// The agents of a shard changed since its last write, and how to turn them into one incremental write:
/// an agent still listed is saved with its current summary, one no longer listed is removed.
/// </summary>
public sealed class UnsavedAgents
{
    private HashSet<Guid> _changed = [];

    public int Count => _changed.Count;

    public void Add(Guid instanceUid) => _changed.Add(instanceUid);

    /// <summary>Takes every change so far; changes made during the write collect for the next one.</summary>
    public (List<AgentSummary> Saved, List<Guid> Removed, HashSet<Guid> Taken) Take(IReadOnlyDictionary<Guid, AgentSummary> agents)
    {
        var taken = _changed;
        _changed = [];
        var saved = new List<AgentSummary>(taken.Count);
        var removed = new List<Guid>();
        foreach (var uid in taken)
        {
            if (agents.TryGetValue(uid, out var summary))
            {
                saved.Add(summary);
            }
            else
            {
                removed.Add(uid);
            }
        }
        return (saved, removed, taken);
    }

    /// <summary>A failed write's changes are owed again (the next write stores their then-current state).</summary>
    public void Restore(HashSet<Guid> taken) => _changed.UnionWith(taken);
}
