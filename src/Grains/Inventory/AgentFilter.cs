using Fleet.Contracts.Agents;
using Fleet.Contracts.Inventory;

namespace Fleet.Grains.Inventory;

/// <summary>Turns an <see cref="AgentQuery"/> into a predicate over summaries, and computes slices and overviews.</summary>
public static class AgentFilter
{
    /// <exception cref="ArgumentException">The selector does not parse (the API validates it first).</exception>
    public static Func<AgentSummary, bool> Compile(AgentQuery query)
    {
        if (!LabelSelector.TryParse(query.Selector, out var selector, out var error))
        {
            throw new ArgumentException(error, nameof(query));
        }
        var search = query.Search is { Length: > 0 } s ? s : null;
        return agent =>
            (query.Connected is not { } connected || agent.Connected == connected)
            && (query.Healthy is not { } healthy || agent.Healthy == healthy)
            && (query.ConfigStatus is not { } status || string.Equals(agent.RemoteConfig?.Status ?? "UNSET", status, StringComparison.OrdinalIgnoreCase))
            && (query.Drifted is not { } drifted || agent.Drifted == drifted)
            && (query.Transport is not { } transport || agent.Transport == transport)
            && (search is null || Mentions(agent, search))
            && selector.Matches(agent.Attribute);
    }

    /// <summary>How many agents match, and the first <paramref name="take"/> of them in the order (unsorted when no more match).</summary>
    public static AgentSlice Slice(IEnumerable<AgentSummary> agents, Func<AgentSummary, bool> matches, AgentOrder order, int take)
    {
        var hits = agents.Where(matches).ToList();
        var total = hits.Count;
        if (total > take)
        {
            // The gateway sorts the merged slices again; a shard only has to pick which of its agents to send.
            hits.Sort(order.Compare);
            hits.RemoveRange(take, total - take);
        }
        return new AgentSlice(total, hits);
    }

    /// <summary>How many match, and the first <paramref name="take"/> of those after <paramref name="after"/>, in its order.</summary>
    public static AgentSlice SliceAfter(IEnumerable<AgentSummary> agents, Func<AgentSummary, bool> matches, AgentCursor after, int take)
    {
        var total = 0;
        var hits = new List<AgentSummary>();
        foreach (var agent in agents)
        {
            if (matches(agent))
            {
                total++;
                if (after.Before(agent))
                {
                    hits.Add(agent);
                }
            }
        }
        if (hits.Count > take)
        {
            hits.Sort(after.Order.Compare);
            hits.RemoveRange(take, hits.Count - take);
        }
        return new AgentSlice(total, hits);
    }

    public static FleetOverview Overview(IEnumerable<AgentSummary> agents)
    {
        int total = 0, connected = 0, unhealthy = 0, drifted = 0, failed = 0;
        var byVersion = new Dictionary<string, int>(StringComparer.Ordinal);
        var byTransport = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            total++;
            connected += agent.Connected ? 1 : 0;
            unhealthy += agent.Healthy == false ? 1 : 0;
            drifted += agent.Drifted ? 1 : 0;
            failed += agent.RemoteConfig?.Status == "FAILED" ? 1 : 0;
            var version = agent.Attribute("service.version") ?? "unknown";
            byVersion[version] = byVersion.GetValueOrDefault(version) + 1;
            if (agent.Connected && agent.Transport is { } transport)
            {
                var name = transport == AgentTransport.WebSocket ? "webSocket" : "http";
                byTransport[name] = byTransport.GetValueOrDefault(name) + 1;
            }
        }
        return new FleetOverview(total, connected, unhealthy, drifted, failed, byVersion, byTransport);
    }

    private static bool Mentions(AgentSummary agent, string text) =>
        agent.InstanceUid.ToString().Contains(text, StringComparison.OrdinalIgnoreCase)
        || agent.IdentifyingAttributes.Values.Any(v => v.Contains(text, StringComparison.OrdinalIgnoreCase))
        || agent.NonIdentifyingAttributes.Values.Any(v => v.Contains(text, StringComparison.OrdinalIgnoreCase));
}
