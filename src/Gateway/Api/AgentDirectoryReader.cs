using Fleet.Contracts;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Inventory;
using Orleans.Metadata;

namespace Fleet.Gateway.Api;

/// <summary>
/// The agent list's pages and the fleet's tallies, asked of the directory shards. Uses the shards' own
/// reads (<see cref="IAgentDirectoryReads"/>) once every silo in the cluster has them; while older silos
/// are still up (a rolling upgrade), fetches every match and pages here, as earlier releases did.
/// </summary>
public sealed class AgentDirectoryReader(IGrainFactory grains, IClusterManifestProvider manifests, GrainInterfaceTypeResolver interfaceTypes)
{
    private readonly GrainInterfaceType _reads = interfaceTypes.GetGrainInterfaceType(typeof(IAgentDirectoryReads));
    private readonly GrainInterfaceType _cursorReads = interfaceTypes.GetGrainInterfaceType(typeof(IAgentDirectoryCursorReads));

    /// <summary>Whether every silo knows <see cref="IAgentDirectoryReads"/>; checked per call, as silos come and go.</summary>
    public bool ShardsRead => EverySiloHas(manifests.Current, _reads);

    internal static bool EverySiloHas(ClusterManifest manifest, GrainInterfaceType type) => ClusterSupport.EverySiloHas(manifest, type);

    /// <summary>
    /// One page of the agents matching the query, and how many match in all. A page after the first
    /// asks the shards for their counts first, so that one past the middle is fetched from the end.
    /// </summary>
    public async Task<(int Total, List<AgentSummary> Items)> Page(AgentQuery query, AgentOrder order, int offset, int limit)
    {
        if (!ShardsRead)
        {
            var all = await grains.QueryAgents(query);
            all.Sort(order.Compare);
            return (all.Count, all.Skip(offset).Take(limit).ToList());
        }
        int? total = null;
        if (offset > 0)
        {
            total = (await AskEveryShard(shard => shard.Count(query))).Sum();
            if (offset >= total)
            {
                return (total.Value, []);
            }
        }
        var plan = AgentPaging.Plan(order, offset, limit, total);
        var slices = await AskEveryShard(shard => shard.Page(query, plan.Order, plan.Take));
        return AgentPaging.Merge(slices, plan, offset, limit);
    }

    /// <summary>
    /// The page after <paramref name="after"/>, how many match in all, and the cursor after the page (null
    /// at the end). Each shard sends at most one more than a page, however deep the page is; while an
    /// older silo lacks <see cref="IAgentDirectoryCursorReads"/>, every match is fetched and paged here.
    /// </summary>
    public async Task<(int Total, List<AgentSummary> Items, AgentCursor? Next)> PageAfter(AgentQuery query, AgentCursor after, int limit)
    {
        if (!EverySiloHas(manifests.Current, _cursorReads))
        {
            var all = await grains.QueryAgents(query);
            var (fallbackItems, fallbackNext) = AgentPaging.MergeAfter(all, after, limit);
            return (all.Count, fallbackItems, fallbackNext);
        }
        var slices = await Task.WhenAll(Enumerable.Range(0, AgentDirectory.ShardCount)
            .Select(shard => grains.GetGrain<IAgentDirectoryCursorReads>(shard).PageAfter(query, after, limit + 1)));
        var (items, next) = AgentPaging.MergeAfter(slices.SelectMany(slice => slice.Items), after, limit);
        return (slices.Sum(slice => slice.Total), items, next);
    }

    /// <summary>Agents counted by custom capability and by package status.</summary>
    public async Task<FleetTally> Tally() => ShardsRead
        ? FleetTally.Sum(await AskEveryShard(shard => shard.Tally()))
        : FleetTally.Of(await grains.QueryAgents(AgentQuery.All));

    private Task<T[]> AskEveryShard<T>(Func<IAgentDirectoryReads, Task<T>> ask) =>
        Task.WhenAll(Enumerable.Range(0, AgentDirectory.ShardCount).Select(shard => ask(grains.GetGrain<IAgentDirectoryReads>(shard))));
}
