using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Interop;

/// <summary>Interop with an OpAMP client written by others: npm @elastic/opamp-client-node over plain HTTP.</summary>
public class ElasticOpAmpClientTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const int AgentCount = 5;

    [Fact]
    public async Task NodeAgents_Connect_ListedAndApplyRemoteConfigSetThroughApi()
    {
        await using var agents = NodeAgents.Start(gateway.HttpEndpoint, AgentCount);
        await Eventually.True(() => Task.FromResult(agents.Events("started").Count() == AgentCount),
            "the node agents started: " + agents.Diagnostics, TimeSpan.FromSeconds(30));
        var uids = agents.Events("started").Select(e => Guid.ParseExact(e.GetProperty("instanceUid").GetString()!, "N")).ToList();

        foreach (var (uid, index) in uids.Select((u, i) => (u, i)))
        {
            var agent = await gateway.AgentWhen(uid, a => a.Connected(), $"node agent {uid} is listed as connected");
            Assert.StartsWith("interop-agent-", agent.ServiceName());
        }

        var hashes = new Dictionary<Guid, string>();
        foreach (var uid in uids)
        {
            var response = await gateway.SetConfig(uid, "collector.yaml", $"receivers:\n  otlp: {{}}\n# for {uid}\n");
            response.EnsureSuccessStatusCode();
            hashes[uid] = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("configHash").GetString()!;
        }

        foreach (var uid in uids)
        {
            var agent = await gateway.AgentWhen(uid, a => a.RemoteConfigStatus() == "APPLIED", $"node agent {uid} reports APPLIED", TimeSpan.FromSeconds(20));
            Assert.Equal(hashes[uid], agent.GetProperty("remoteConfigStatus").GetProperty("hash").GetString());
        }
        var received = agents.Events("remoteConfig").Select(e => e.GetProperty("hash").GetString()).ToHashSet();
        Assert.Superset(received!, hashes.Values.ToHashSet());
    }
}
