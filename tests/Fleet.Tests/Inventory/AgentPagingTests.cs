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
                // Some without a service name: they sort first by it.
                i % 7 == 0 ? [] : new() { ["service.name"] = $"svc-{random.Next(5)}" },
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

    /// <summary>What the gateway does with a cursor (<see cref="Fleet.Gateway.Api.AgentDirectoryReader.PageAfter"/>), over in-memory shards.</summary>
    private static (int Total, List<AgentSummary> Items, AgentCursor? Next) PageAfter(List<AgentSummary> fleet, AgentQuery query, AgentCursor after, int limit)
    {
        var shards = fleet.GroupBy(a => AgentDirectory.ShardOf(a.InstanceUid)).Select(g => g.ToList()).ToList();
        var slices = shards.Select(s => AgentFilter.SliceAfter(s, AgentFilter.Compile(query), after, limit + 1)).ToList();
        var (items, next) = AgentPaging.MergeAfter(slices.SelectMany(s => s.Items), after, limit);
        return (slices.Sum(s => s.Total), items, next);
    }

    [Theory]
    [InlineData(AgentSortKey.InstanceUid, false)]
    [InlineData(AgentSortKey.InstanceUid, true)]
    [InlineData(AgentSortKey.LastSeen, false)]
    [InlineData(AgentSortKey.LastSeen, true)]
    [InlineData(AgentSortKey.ServiceName, false)]
    [InlineData(AgentSortKey.ServiceName, true)]
    public void PageAfter_WalkedToTheEnd_EveryMatchOnceInOrder(AgentSortKey key, bool descending)
    {
        var fleet = Fleet(700, seed: 40 + (int)key * 2 + (descending ? 1 : 0));
        var order = new AgentOrder(key, descending);
        foreach (var query in new[] { AgentQuery.All, new AgentQuery(Connected: true) })
        {
            foreach (var limit in new[] { 1, 7, 100, 1000 })
            {
                var (total, first) = Page(fleet, query, order, 0, limit);
                var walked = new List<Guid>(first.Select(a => a.InstanceUid));
                var next = first.Count < total ? AgentCursor.After(order, first[^1]) : null;
                while (next is not null)
                {
                    // Through the API's token, as a client passes it back.
                    Assert.True(AgentCursor.TryDecode(next.Encode(), out var cursor));
                    var (matching, items, following) = PageAfter(fleet, query, cursor!, limit);
                    Assert.Equal(total, matching);
                    Assert.InRange(items.Count, 1, limit);
                    walked.AddRange(items.Select(a => a.InstanceUid));
                    next = following;
                }
                Assert.Equal(Expected(fleet, query, order, 0, int.MaxValue), walked);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("bGFzdFNlZW46MDp4eXo6MQ")] // lastSeen:0:xyz:1 (not a uid)
    [InlineData("c2VydmljZU5hbWU6MDowMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDpmb28")] // serviceName value without its marker
    [InlineData("bm9zdWNoOjA6MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA6")] // unknown sort key
    public void TryDecode_NotACursor_False(string token) => Assert.False(AgentCursor.TryDecode(token, out _));

    [Fact]
    public void Encode_NullAndEmptyServiceName_StayApart()
    {
        var order = new AgentOrder(AgentSortKey.ServiceName);
        var uid = Guid.NewGuid();

        Assert.True(AgentCursor.TryDecode(new AgentCursor(order, uid).Encode(), out var none));
        Assert.True(AgentCursor.TryDecode(new AgentCursor(order, uid, ServiceName: "").Encode(), out var empty));
        Assert.True(AgentCursor.TryDecode(new AgentCursor(order, uid, ServiceName: "a:b=c").Encode(), out var colons));

        Assert.Null(none!.ServiceName);
        Assert.Equal("", empty!.ServiceName);
        Assert.Equal("a:b=c", colons!.ServiceName);
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
