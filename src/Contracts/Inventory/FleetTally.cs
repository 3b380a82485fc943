using Fleet.Contracts.Agents;

namespace Fleet.Contracts.Inventory;

/// <summary>
/// Agents counted by the custom capabilities they declare and by each package's reported status
/// (package name → status → agents). Shards count their own agents and the parts add up, so the
/// package and capability lists never move the whole fleet's summaries.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.tally")]
public sealed record FleetTally(
    [property: Id(0)] Dictionary<string, int> CustomCapabilities,
    [property: Id(1)] Dictionary<string, Dictionary<string, int>> PackageStatuses)
{
    public static FleetTally Of(IEnumerable<AgentSummary> agents)
    {
        var tally = new FleetTally(new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        foreach (var agent in agents)
        {
            foreach (var capability in agent.CustomCapabilities ?? [])
            {
                tally.Count(capability, 1);
            }
            foreach (var (package, status) in agent.Packages ?? [])
            {
                tally.Count(package, status, 1);
            }
        }
        return tally;
    }

    public static FleetTally Sum(IEnumerable<FleetTally> parts)
    {
        var total = new FleetTally(new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        foreach (var part in parts)
        {
            foreach (var (capability, agents) in part.CustomCapabilities)
            {
                total.Count(capability, agents);
            }
            foreach (var (package, statuses) in part.PackageStatuses)
            {
                foreach (var (status, agents) in statuses)
                {
                    total.Count(package, status, agents);
                }
            }
        }
        return total;
    }

    private void Count(string capability, int agents) =>
        CustomCapabilities[capability] = CustomCapabilities.GetValueOrDefault(capability) + agents;

    private void Count(string package, string status, int agents)
    {
        if (!PackageStatuses.TryGetValue(package, out var statuses))
        {
            PackageStatuses[package] = statuses = new(StringComparer.Ordinal);
        }
        statuses[status] = statuses.GetValueOrDefault(status) + agents;
    }
}
