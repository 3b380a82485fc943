namespace Fleet.Contracts.Inventory;

/// <summary>Fleet-wide counts; shards return partial overviews that add up.</summary>
[GenerateSerializer, Immutable, Alias("fleet.overview")]
public sealed record FleetOverview(
    [property: Id(0)] int Total,
    [property: Id(1)] int Connected,
    [property: Id(2)] int Unhealthy,
    [property: Id(3)] int Drifted,
    [property: Id(4)] int ConfigFailed,
    [property: Id(5)] Dictionary<string, int> ByVersion,
    [property: Id(6)] Dictionary<string, int> ByTransport)
{
    public int Disconnected => Total - Connected;

    public static FleetOverview Sum(IEnumerable<FleetOverview> parts)
    {
        var list = parts.ToList();
        return new FleetOverview(
            list.Sum(p => p.Total), list.Sum(p => p.Connected), list.Sum(p => p.Unhealthy),
            list.Sum(p => p.Drifted), list.Sum(p => p.ConfigFailed),
            Merge(list.Select(p => p.ByVersion)), Merge(list.Select(p => p.ByTransport)));
    }

    private static Dictionary<string, int> Merge(IEnumerable<Dictionary<string, int>> parts)
    {
        var total = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, count) in parts.SelectMany(p => p))
        {
            total[key] = total.GetValueOrDefault(key) + count;
        }
        return total;
    }
}
