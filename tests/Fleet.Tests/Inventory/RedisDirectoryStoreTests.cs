using Fleet.Contracts.Agents;
using Fleet.Hosting.Inventory;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Fleet.Tests.Inventory;

public class RedisDirectoryStoreTests(LoopbackRedis redis) : IClassFixture<LoopbackRedis>, IAsyncLifetime
{
    private readonly string _serviceId = "svc-" + Guid.NewGuid().ToString("N")[..8];
    private RedisDirectoryStore _store = null!;

    public Task InitializeAsync()
    {
        _store = Store();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private RedisDirectoryStore Store() => new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = redis.ConnectionString,
        ["Fleet:Orleans:ServiceId"] = _serviceId,
    }).Build(), NullLogger<RedisDirectoryStore>.Instance);

    private static AgentSummary Summary(Guid uid, string name, bool connected = true) => new(
        uid, new() { ["service.name"] = name }, new() { ["env"] = "prod" }, connected, AgentTransport.Http,
        DateTimeOffset.Parse("2026-11-25T10:00:00Z"), Healthy: false, "degraded", "abc", new RemoteConfigState("APPLIED", "abc", null),
        "abc", 0x2001, Drifted: true, Packages: new() { ["otelcol"] = "installed" }, CustomCapabilities: ["io.example.x"]);

    [Fact]
    public async Task Write_ThenReadByAnotherStore_SummariesComeBackWhole()
    {
        var agent = Summary(Guid.NewGuid(), "collector-a");
        await _store.Write(7, [agent], []);

        await using var restarted = Store();
        var read = Assert.Single(await restarted.Read(7));

        Assert.Equal(agent, read, new SummaryComparer());
        Assert.Empty(await restarted.Read(8));
    }

    [Fact]
    public async Task Write_OnlyChangedAgents_OthersOfTheShardKeptAndRemovalsForgotten()
    {
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _store.Write(3, [Summary(a, "a"), Summary(b, "b"), Summary(c, "c")], []);

        await _store.Write(3, [Summary(b, "b", connected: false)], [c]);

        var read = (await _store.Read(3)).ToDictionary(s => s.InstanceUid);
        Assert.Equal(new[] { a, b }.Order(), read.Keys.Order());
        Assert.True(read[a].Connected);
        Assert.False(read[b].Connected);
    }

    [Fact]
    public async Task Read_UnreadableEntry_SkippedAndTheRestOfTheShardRead()
    {
        var good = Guid.NewGuid();
        await _store.Write(5, [Summary(good, "good")], []);
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            await connection.GetDatabase().HashSetAsync($"fleet-directory/{_serviceId}/5", Guid.NewGuid().ToString("N"), "{not json");
        }

        var read = await _store.Read(5);

        Assert.Equal(good, Assert.Single(read).InstanceUid);
    }

    /// <summary>Records compare dictionaries and lists by reference; compare their contents.</summary>
    private sealed class SummaryComparer : IEqualityComparer<AgentSummary>
    {
        private static readonly Dictionary<string, string> None = [];

        public bool Equals(AgentSummary? x, AgentSummary? y) =>
            x is not null && y is not null
            && x with { IdentifyingAttributes = None, NonIdentifyingAttributes = None, Packages = null, CustomCapabilities = null }
                == y with { IdentifyingAttributes = None, NonIdentifyingAttributes = None, Packages = null, CustomCapabilities = null }
            && x.IdentifyingAttributes.OrderBy(p => p.Key).SequenceEqual(y.IdentifyingAttributes.OrderBy(p => p.Key))
            && x.NonIdentifyingAttributes.OrderBy(p => p.Key).SequenceEqual(y.NonIdentifyingAttributes.OrderBy(p => p.Key))
            && (x.Packages ?? []).OrderBy(p => p.Key).SequenceEqual((y.Packages ?? []).OrderBy(p => p.Key))
            && (x.CustomCapabilities ?? []).SequenceEqual(y.CustomCapabilities ?? []);

        public int GetHashCode(AgentSummary obj) => obj.InstanceUid.GetHashCode();
    }
}
