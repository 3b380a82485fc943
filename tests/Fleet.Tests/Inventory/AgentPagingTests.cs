using Fleet.Contracts.Agents;
using Fleet.Contracts.Inventory;
using Fleet.Grains.Inventory;

namespace Fleet.Tests.Inventory;

public class AgentPagingTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A fleet with repeated last-seen times and service names, so ties go to the uid.</summary>
    private static List<AgentSummary> Fleet(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return new AgentSummary(
                new Guid(bytes),
                new() { ["service.name"] = $"svc-{random.Next(5)}" },
                [],
                Connected: i % 3 != 0, AgentTransport.WebSocket, Start.AddSeconds(random.Next(20)), Healthy: true, null, null, null, null, 0);
        }).ToList();
    }

    /// <summary>What the gateway does (<see cref="Fleet.Gateway.Api.AgentDirectoryReader.Page"/>), over in-memory shards.</summary>
    private static (int Total, List<AgentSummary> Items) Page(List<AgentSummary> fleet, AgentQuery query, AgentOrder order, int offset, int limit)
    {
        var shards = fleet.GroupBy(a => AgentDirectory.ShardOf(a.InstanceUid)).Select(g => g.ToList()).ToList();
        var matches = AgentFilter.Compile(query);
        int? total = offset > 0 ? shards.Sum(s => s.Count(matches)) : null;
        var plan = AgentPaging.Plan(order, offset, limit, total);
        var slices = shards.Select(s => AgentFilter.Slice(s, matches, plan.Order, plan.Take)).ToList();
        return AgentPaging.Merge(slices, plan, offset, limit);
    }

    private static List<Guid> Expected(List<AgentSummary> fleet, AgentQuery query, AgentOrder order, int offset, int limit)
    {
        var all = fleet.Where(AgentFilter.Compile(query)).ToList();
        all.Sort(order.Compare);
        return all.Skip(offset).Take(limit).Select(a => a.InstanceUid).ToList();
    }

    [Theory]
    [InlineData(AgentSortKey.InstanceUid, false)]
    [InlineData(AgentSortKey.LastSeen, false)]
    [InlineData(AgentSortKey.LastSeen, true)]
    [InlineData(AgentSortKey.ServiceName, true)]
    public void Merge_EveryOffsetAndLimit_SameAsSortingTheWholeFleet(AgentSortKey key, bool descending)
    {
        var fleet = Fleet(700, seed: (int)key * 2 + (descending ? 1 : 0));
        var order = new AgentOrder(key, descending);
        foreach (var query in new[] { AgentQuery.All, new AgentQuery(Connected: true) })
        {
            var matching = fleet.Count(AgentFilter.Compile(query));
            foreach (var limit in new[] { 1, 7, 50, 1000 })
            {
                for (var offset = 0; offset <= matching + 1; offset += offset < 20 ? 1 : 37)
                {
                    var (total, items) = Page(fleet, query, order, offset, limit);
                    Assert.Equal(matching, total);
                    Assert.Equal(Expected(fleet, query, order, offset, limit), items.Select(a => a.InstanceUid).ToList());
                }
            }
        }
    }

    [Fact]
    public void Plan_FirstPage_AsksEachShardForAPageOnly()
    {
        var plan = AgentPaging.Plan(new AgentOrder(AgentSortKey.LastSeen), offset: 0, limit: 50, total: null);

        Assert.Equal(new AgentPagePlan(new AgentOrder(AgentSortKey.LastSeen), 50, Reversed: false), plan);
    }

    [Fact]
    public void Plan_LastPage_FetchesFromTheEndInTheReverseOrder()
    {
        var plan = AgentPaging.Plan(new AgentOrder(AgentSortKey.InstanceUid), offset: 99_950, limit: 100, total: 100_000);

        Assert.Equal(new AgentPagePlan(new AgentOrder(AgentSortKey.InstanceUid, Descending: true), 50, Reversed: true), plan);
    }

    [Fact]
    public void Plan_HugeOffset_DoesNotOverflow()
    {
        var plan = AgentPaging.Plan(new AgentOrder(AgentSortKey.InstanceUid), offset: int.MaxValue, limit: 1000, total: null);

        Assert.Equal(int.MaxValue, plan.Take);
    }

    [Fact]
    public void Slice_MoreMatchesThanTake_KeepsTheFirstInOrderAndCountsAll()
    {
        var fleet = Fleet(100, seed: 9);
        var order = new AgentOrder(AgentSortKey.LastSeen, Descending: true);

        var slice = AgentFilter.Slice(fleet, _ => true, order, take: 10);

        Assert.Equal(100, slice.Total);
        Assert.Equal(fleet.Order(Comparer<AgentSummary>.Create(order.Compare)).Take(10), slice.Items);
    }
}
