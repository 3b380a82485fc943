using Fleet.Contracts.Agents;

namespace Fleet.Gateway.Api;

/// <summary>Sort orders of the agent list; ties always broken by instance uid so paging is stable.</summary>
public sealed class AgentOrder
{
    private static readonly Dictionary<string, Comparison<AgentSummary>> Orders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["instanceUid"] = (a, b) => 0,
        ["lastSeen"] = (a, b) => a.LastSeen.CompareTo(b.LastSeen),
        ["serviceName"] = (a, b) => string.CompareOrdinal(a.Attribute("service.name"), b.Attribute("service.name")),
    };

    private readonly Comparison<AgentSummary> _primary;

    private AgentOrder(Comparison<AgentSummary> primary) => _primary = primary;

    public static IEnumerable<string> Names => Orders.Keys;

    public static AgentOrder? Parse(string? name) =>
        Orders.TryGetValue(name ?? "instanceUid", out var primary) ? new AgentOrder(primary) : null;

    public Comparison<AgentSummary> Comparer(bool descending) => (a, b) =>
    {
        var result = _primary(a, b);
        if (result == 0)
        {
            result = a.InstanceUid.CompareTo(b.InstanceUid);
        }
        return descending ? -result : result;
    };
}
