using Fleet.Contracts.Agents;

namespace Fleet.Contracts.Inventory;

/// <summary>
/// An order of the agent list, total (ties broken by instance uid) so that paging is stable. Shards
/// and gateways sort with the same comparison, which is why it travels with the page request.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.agent-order")]
public sealed record AgentOrder([property: Id(0)] AgentSortKey Key, [property: Id(1)] bool Descending = false)
{
    private static readonly Dictionary<string, AgentSortKey> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["instanceUid"] = AgentSortKey.InstanceUid,
        ["lastSeen"] = AgentSortKey.LastSeen,
        ["serviceName"] = AgentSortKey.ServiceName,
    };

    /// <summary>The names the API takes in <c>?sort=</c>.</summary>
    public static IEnumerable<string> Names => Keys.Keys;

    /// <summary>Null for an unknown name; no name means by instance uid.</summary>
    public static AgentOrder? Parse(string? name, bool descending = false) =>
        Keys.TryGetValue(name ?? "instanceUid", out var key) ? new AgentOrder(key, descending) : null;

    /// <summary>The key's name in <c>?sort=</c>.</summary>
    public string Name => Keys.First(k => k.Value == Key).Key;

    /// <summary>The same key the other way round.</summary>
    public AgentOrder Reversed() => this with { Descending = !Descending };

    public int Compare(AgentSummary a, AgentSummary b) =>
        Compare(a.LastSeen, ServiceName(a), a.InstanceUid, b.LastSeen, ServiceName(b), b.InstanceUid);

    /// <summary>Where <paramref name="agent"/> sits against a cursor of this order (positive: after it).</summary>
    public int Compare(AgentSummary agent, AgentCursor cursor) =>
        Compare(agent.LastSeen, ServiceName(agent), agent.InstanceUid, cursor.LastSeen, cursor.ServiceName, cursor.InstanceUid);

    // Looked up only when sorting by it: a sort makes ~n log n comparisons.
    private string? ServiceName(AgentSummary agent) => Key == AgentSortKey.ServiceName ? agent.Attribute("service.name") : null;

    private int Compare(DateTimeOffset aSeen, string? aName, Guid aUid, DateTimeOffset bSeen, string? bName, Guid bUid)
    {
        var result = Key switch
        {
            AgentSortKey.LastSeen => aSeen.CompareTo(bSeen),
            AgentSortKey.ServiceName => string.CompareOrdinal(aName, bName),
            _ => 0,
        };
        if (result == 0)
        {
            result = aUid.CompareTo(bUid);
        }
        return Descending ? -result : result;
    }
}
