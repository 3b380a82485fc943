using Fleet.Contracts.Agents;

namespace Fleet.Contracts.Inventory;

/// <summary>
/// Pages the agent list across the directory shards without moving the whole fleet for every page:
/// a page at <c>offset</c> needs at most <c>offset + limit</c> agents from any one shard, and a page
/// near the end needs only the agents after it, fetched in the reverse order. Fetching every match
/// cost ~0.85 CPU-seconds per page at 30k agents in cluster mode, where each summary crosses the wire.
/// </summary>
public static class AgentPaging
{
    /// <summary>
    /// Plans the shard requests for one page; <paramref name="total"/> (the number of matches, when
    /// known) lets a page past the middle be fetched from the end.
    /// </summary>
    public static AgentPagePlan Plan(AgentOrder order, int offset, int limit, int? total)
    {
        var forward = (int)Math.Min((long)offset + limit, int.MaxValue);
        if (total is { } count && offset > 0)
        {
            var fromEnd = Math.Max(0, count - offset);
            if (fromEnd < forward)
            {
                return new AgentPagePlan(order.Reversed(), fromEnd, Reversed: true);
            }
        }
        return new AgentPagePlan(order, forward, Reversed: false);
    }

    /// <summary>
    /// The page after a cursor, from every shard's slice of at most <paramref name="limit"/> + 1 agents
    /// after it (<see cref="IAgentDirectoryCursorReads.PageAfter"/>), or from every match; with the cursor
    /// after the page, null when nothing follows.
    /// </summary>
    public static (List<AgentSummary> Items, AgentCursor? Next) MergeAfter(IEnumerable<AgentSummary> candidates, AgentCursor after, int limit)
    {
        var merged = candidates.Where(after.Before).ToList();
        merged.Sort(after.Order.Compare);
        if (merged.Count <= limit)
        {
            return (merged, null);
        }
        var items = merged.GetRange(0, limit);
        return (items, AgentCursor.After(after.Order, items[^1]));
    }

    /// <summary>The page <c>[offset, offset + limit)</c> in the requested order, from every shard's slice.</summary>
    public static (int Total, List<AgentSummary> Items) Merge(IReadOnlyList<AgentSlice> slices, AgentPagePlan plan, int offset, int limit)
    {
        var total = 0;
        var merged = new List<AgentSummary>();
        foreach (var slice in slices)
        {
            total += slice.Total;
            merged.AddRange(slice.Items);
        }
        merged.Sort(plan.Order.Compare);
        // Only the first Take of the merged list are certainly the fleet's first in that order.
        var known = Math.Min(merged.Count, plan.Take);
        var items = new List<AgentSummary>(Math.Min(limit, known));
        if (!plan.Reversed)
        {
            for (var i = offset; i < known && i < (long)offset + limit; i++)
            {
                items.Add(merged[i]);
            }
            return (total, items);
        }
        // Forward position p is position total - 1 - p counted from the end.
        var end = (int)Math.Min((long)offset + limit, total);
        for (var r = Math.Min(total - 1 - offset, known - 1); r >= total - end && r >= 0; r--)
        {
            items.Add(merged[r]);
        }
        return (total, items);
    }
}
