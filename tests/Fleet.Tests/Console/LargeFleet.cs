using Fleet.Contracts.Agents;
using Fleet.Contracts.Inventory;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Console;

/// <summary>A gateway whose inventory holds ten thousand agents, seeded straight into the directory shards.</summary>
public sealed class LargeFleet : IAsyncLifetime
{
    public const int Count = 10_000;

    public GatewayFixture Gateway { get; } = new();

    public string Base => $"http://127.0.0.1:{Gateway.ManagementPort}";

    public async Task InitializeAsync()
    {
        await Gateway.InitializeAsync();
        var now = DateTimeOffset.UtcNow;
        var agents = Enumerable.Range(0, Count).Select(i => new AgentSummary(
            Guid.CreateVersion7(),
            new()
            {
                ["service.name"] = $"collector-{i % 40:D2}-with-a-rather-long-service-name-{i}",
                ["service.version"] = i % 10 == 0 ? "0.111.0" : "0.110.0",
            },
            new() { ["host.name"] = $"node-{i}.eu-west-1.compute.internal", ["deployment.environment"] = i % 2 == 0 ? "production" : "staging" },
            Connected: i % 7 != 0, AgentTransport.WebSocket, now.AddSeconds(-i), Healthy: i % 13 != 0, i % 13 == 0 ? "degraded" : "running",
            null, null, null, 0)).ToList();
        await Task.WhenAll(agents.GroupBy(a => AgentDirectory.ShardOf(a.InstanceUid))
            .Select(async shard =>
            {
                foreach (var agent in shard)
                {
                    await Gateway.Grains.GetGrain<IAgentDirectoryGrain>(shard.Key).Upsert(agent);
                }
            }));
    }

    public Task DisposeAsync() => Gateway.DisposeAsync();
}
