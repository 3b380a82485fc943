using System.Text;
using Fleet.Contracts.Agents;

namespace Fleet.Contracts.Inventory;

/// <summary>
/// Where a page of the agent list ended (keyset paging): its order and its last agent's sort value and
/// instance uid. The next page is the agents after it, so each page costs the same however deep it is,
/// where an offset makes every shard send all the agents before it. Agents whose sort value changes
/// meanwhile (last seen) may move across the cursor: a walk shows each agent at most once per position.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.agent-cursor")]
public sealed record AgentCursor(
    [property: Id(0)] AgentOrder Order,
    [property: Id(1)] Guid InstanceUid,
    [property: Id(2)] DateTimeOffset LastSeen = default,
    [property: Id(3)] string? ServiceName = null)
{
    /// <summary>The cursor just after <paramref name="last"/> in <paramref name="order"/>.</summary>
    public static AgentCursor After(AgentOrder order, AgentSummary last) => new(
        order,
        last.InstanceUid,
        order.Key == AgentSortKey.LastSeen ? last.LastSeen : default,
        order.Key == AgentSortKey.ServiceName ? last.Attribute("service.name") : null);

    /// <summary>Whether <paramref name="agent"/> comes after this cursor in its order.</summary>
    public bool Before(AgentSummary agent) => Order.Compare(agent, this) > 0;

    /// <summary>An opaque token for the API's <c>?after=</c>.</summary>
    public string Encode()
    {
        var value = Order.Key switch
        {
            AgentSortKey.LastSeen => LastSeen.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AgentSortKey.ServiceName => ServiceName is null ? "-" : "=" + ServiceName,
            _ => "",
        };
        var text = $"{Order.Name}:{(Order.Descending ? 1 : 0)}:{InstanceUid:N}:{value}";
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a token made by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryDecode(string token, out AgentCursor? cursor)
    {
        cursor = null;
        string text;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
        }
        catch (FormatException)
        {
            return false;
        }
        var parts = text.Split(':', 4);
        if (parts.Length != 4 || parts[1] is not ("0" or "1") || AgentOrder.Parse(parts[0], parts[1] == "1") is not { } order
            || !Guid.TryParseExact(parts[2], "N", out var uid))
        {
            return false;
        }
        switch (order.Key)
        {
            case AgentSortKey.LastSeen when long.TryParse(parts[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks:
                cursor = new AgentCursor(order, uid, new DateTimeOffset(ticks, TimeSpan.Zero));
                return true;
            case AgentSortKey.ServiceName when parts[3] == "-" || parts[3].StartsWith('='):
                cursor = new AgentCursor(order, uid, ServiceName: parts[3] == "-" ? null : parts[3][1..]);
                return true;
            case AgentSortKey.InstanceUid when parts[3].Length == 0:
                cursor = new AgentCursor(order, uid);
                return true;
            default:
                return false;
        }
    }
}
