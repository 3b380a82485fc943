using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Inventory;
using Fleet.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fleet.Tests.Inventory;

/// <summary>A 100k-agent inventory, seeded straight into the directory shards; prints how long listing takes.</summary>
public class LargeInventoryTests(GatewayFixture gateway, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private const int FleetSize = 100_000;

    [Fact]
    public async Task List_HundredThousandAgents_PagesFilterAndOverviewAreRight()
    {
        var now = DateTimeOffset.UtcNow;
        var seeded = Enumerable.Range(0, FleetSize).Select(i => new AgentSummary(
            Guid.CreateVersion7(),
            new() { ["service.name"] = $"collector-{i}", ["service.version"] = i % 10 == 0 ? "0.111.0" : "0.110.0" },
            new() { ["env"] = i % 2 == 0 ? "prod" : "dev" },
            Connected: i % 3 != 0, AgentTransport.WebSocket, now, Healthy: true, null, null, null, null, 0)).ToList();
        await Task.WhenAll(seeded.GroupBy(a => AgentDirectory.ShardOf(a.InstanceUid))
            .Select(async shard => { foreach (var agent in shard) { await gateway.Grains.GetGrain<IAgentDirectoryGrain>(shard.Key).Upsert(agent); } }));

        await gateway.Api.GetFromJsonAsync<JsonElement>("/api/agents?limit=1"); // warm up
        var timings = new List<double>();
        JsonElement page = default, filtered = default, overview = default;
        for (var i = 0; i < 5; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            page = await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/agents?offset={FleetSize / 2}&limit=100");
            timings.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        var filterTime = Stopwatch.StartNew();
        filtered = await gateway.Api.GetFromJsonAsync<JsonElement>("/api/agents?selector=env=prod,service.version=0.111.0&connected=true&limit=50");
        var filterMs = filterTime.Elapsed.TotalMilliseconds;
        var overviewTime = Stopwatch.StartNew();
        overview = await gateway.Api.GetFromJsonAsync<JsonElement>("/api/agents/overview");
        var overviewMs = overviewTime.Elapsed.TotalMilliseconds;
        var firstTime = Stopwatch.StartNew();
        var newestFirst = await gateway.Api.GetFromJsonAsync<JsonElement>("/api/agents?sort=lastSeen&desc=true&limit=100");
        var firstMs = firstTime.Elapsed.TotalMilliseconds;
        var total = newestFirst.GetProperty("total").GetInt32();
        var lastTime = Stopwatch.StartNew();
        var oldestLast = await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/agents?sort=lastSeen&limit=100&offset={total - 100}");
        var lastMs = lastTime.Elapsed.TotalMilliseconds;
        // The middle page again, reached by its cursor: what a client walking the list pays per page.
        var before = await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/agents?offset={FleetSize / 2 - 100}&limit=100");
        var cursorTimes = new List<double>();
        JsonElement byCursor = default;
        for (var i = 0; i < 5; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            byCursor = await gateway.Api.GetFromJsonAsync<JsonElement>($"/api/agents?after={before.GetProperty("next").GetString()}&limit=100");
            cursorTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        output.WriteLine($"100k agents: page {timings.Order().ElementAt(2):F0} ms median (of {string.Join(", ", timings.Select(t => t.ToString("F0")))}), " +
            $"by cursor {cursorTimes.Order().ElementAt(2):F0} ms median, " +
            $"first page {firstMs:F0} ms, last page {lastMs:F0} ms, filtered {filterMs:F0} ms, overview {overviewMs:F0} ms");

        // The last page in one order is the first page in the other, turned round.
        static List<string> Uids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("instanceUid").GetString()!).ToList();
        Assert.Equal(100, Uids(newestFirst).Count);
        Assert.Equal(Enumerable.Reverse(Uids(newestFirst)), Uids(oldestLast));

        Assert.Equal(Uids(page), Uids(byCursor));
        Assert.True(page.GetProperty("total").GetInt32() >= FleetSize);
        Assert.Equal(100, page.GetProperty("items").GetArrayLength());
        var expected = seeded.Count(a => a.NonIdentifyingAttributes["env"] == "prod" && a.IdentifyingAttributes["service.version"] == "0.111.0" && a.Connected);
        Assert.Equal(expected, filtered.GetProperty("total").GetInt32());
        Assert.True(overview.GetProperty("byVersion").GetProperty("0.111.0").GetInt32() >= FleetSize / 10);
    }
}
