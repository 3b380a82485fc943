using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Fleet.Client;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;
using Xunit.Abstractions;

namespace Fleet.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public class ClusterTests(LocalCluster cluster, ITestOutputHelper output)
{
    /// <summary>An agent with a long heartbeat: only a server push delivers config quickly.</summary>
    private sealed class PushAgent : IAsyncDisposable
    {
        private readonly List<AgentRemoteConfig> _received = [];

        public required OpAmpClient Client { get; init; }
        public Guid Uid => Client.InstanceUid;

        public static async Task<PushAgent> Start(Uri endpoint, string name)
        {
            PushAgent? agent = null;
            var client = await Infrastructure.Agents.Start(endpoint, name,
                c => c.MessageReceived += m => { if (m.RemoteConfig is { } rc) { lock (agent!._received) { agent._received.Add(rc); } } },
                heartbeat: TimeSpan.FromMinutes(5));
            agent = new PushAgent { Client = client };
            return agent;
        }

        public bool Received(string hash)
        {
            lock (_received)
            {
                return _received.Any(r => Convert.ToHexStringLower(r.ConfigHash.Span) == hash);
            }
        }

        public ValueTask DisposeAsync() => Client.DisposeAsync();
    }

    private static async Task<string> SetConfig(HttpClient api, Guid uid, string body, string expectedDelivery = "pushed")
    {
        var response = await api.SetConfig(uid, "collector.yaml", body);
        Assert.True(response.IsSuccessStatusCode, $"PUT config: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expectedDelivery, result.GetProperty("delivery").GetString());
        return result.GetProperty("configHash").GetString()!;
    }

    [Fact]
    public async Task AgentsOnBothGatewaysAndTransports_ListedEverywhere_ConfigPushedAcrossGateways()
    {
        await using var onGateway1 = await PushAgent.Start(cluster.GatewayWebSocket(1), "cross-1");
        await using var onGateway2 = await PushAgent.Start(cluster.GatewayWebSocket(2), "cross-2");
        await using var overHttp = await Infrastructure.Agents.Start(cluster.LoadBalancerHttp, "cross-http", heartbeat: TimeSpan.FromMilliseconds(500));
        using var api1 = cluster.Api(1);
        using var api2 = cluster.Api(2);

        foreach (var api in new[] { api1, api2 })
        {
            foreach (var uid in new[] { onGateway1.Uid, onGateway2.Uid, overHttp.InstanceUid })
            {
                await api.AgentWhen(uid, a => a.Connected(), $"{uid} is listed as connected by every gateway");
            }
        }
        Assert.Equal("gateway2", (await api1.Agent(onGateway2.Uid))!.Value.GetProperty("gatewayId").GetString());

        // Set through gateway 1 for an agent whose socket is on gateway 2.
        var stopwatch = Stopwatch.StartNew();
        var hash = await SetConfig(api1, onGateway2.Uid, "receivers: {otlp: {}}\n");
        await Eventually.True(() => Task.FromResult(onGateway2.Received(hash)), "the push crossed gateways", TimeSpan.FromSeconds(5));
        output.WriteLine($"cross-gateway push delivered in {stopwatch.ElapsedMilliseconds} ms");
        await api2.AgentWhen(onGateway2.Uid, a => a.RemoteConfigStatus() == "APPLIED", "APPLIED visible through the other gateway");

        // HTTP agents behind the load balancer get theirs on the next poll, whichever gateway serves it.
        await SetConfig(api2, overHttp.InstanceUid, "receivers: {}\n", "pending");
        await api1.AgentWhen(overHttp.InstanceUid, a => a.RemoteConfigStatus() == "APPLIED", "the HTTP agent applied its config");
    }

    [Fact]
    public async Task AgentForgottenThroughOneGateway_GoneEverywhereAndFromRedis()
    {
        var agent = await PushAgent.Start(cluster.GatewayWebSocket(2), "forgotten-in-cluster");
        var uid = agent.Uid;
        using var api1 = cluster.Api(1);
        using var api2 = cluster.Api(2);
        await SetConfig(api2, uid, "receivers: {}\n");
        await agent.DisposeAsync();
        await api1.AgentWhen(uid, a => !a.Connected(), "listed offline once its socket closed");
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{cluster.PortBase + 30}");
        var server = redis.GetServers()[0];
        var stateKeys = () => server.KeysAsync(pattern: $"*{uid:N}*").ToListAsync();
        Assert.NotEmpty(await stateKeys()); // the pattern finds the agent's stored state
        // The directory keeps one Redis hash per shard, a field per agent.
        var shard = Contracts.Inventory.AgentDirectory.ShardOf(uid);
        var directory = Assert.Single(await server.KeysAsync(pattern: $"fleet-directory/*/{shard}").ToListAsync());
        Assert.True(await redis.GetDatabase().HashExistsAsync(directory, uid.ToString("N")));

        using var forget = await api1.DeleteAsync($"/api/agents/{uid}");

        Assert.Equal(HttpStatusCode.NoContent, forget.StatusCode);
        Assert.Null(await api2.Agent(uid));
        Assert.Empty(await stateKeys());
        // Removed from the shard's hash before DELETE answered.
        Assert.False(await redis.GetDatabase().HashExistsAsync(directory, uid.ToString("N")));
        var listed = await api2.GetFromJsonAsync<JsonElement>("/api/agents?search=forgotten-in-cluster");
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AgentRevokedThroughOneGateway_SocketOnOtherGatewayClosed_RefusedEverywhere()
    {
        await using var agent = await PushAgent.Start(cluster.GatewayWebSocket(2), "revoked-elsewhere");
        using var api1 = cluster.Api(1);
        await api1.AgentWhen(agent.Uid, a => a.Connected(), "the agent is connected to gateway 2");
        var closed = new TaskCompletionSource<WebSocketCloseStatus?>();
        agent.Client.Disconnected += status => closed.TrySetResult(status);

        var stopwatch = Stopwatch.StartNew();
        using var revoke = await api1.PutAsJsonAsync($"/api/revocations/{agent.Uid}", new { reason = "cluster drill" });
        revoke.EnsureSuccessStatusCode();

        // Gateway 2 learns of it on its next refresh of agent access (5 s by default).
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await closed.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        output.WriteLine($"revocation closed the socket on the other gateway after {stopwatch.ElapsedMilliseconds} ms");
        using var http = new HttpClient();
        var message = new AgentToServer { InstanceUid = Contracts.Agents.InstanceUid.ToByteString(agent.Uid), SequenceNum = 1, Capabilities = Messages.Caps };
        using var content = new ByteArrayContent(message.ToByteArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        using var refused = await http.PostAsync(cluster.LoadBalancerHttp, content);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        (await api1.DeleteAsync($"/api/revocations/{agent.Uid}")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task SiloKilled_NoConfigOrInventoryLost_PushesWorkAgainWithinSeconds()
    {
        using var api = cluster.Api(1);
        var agents = new List<PushAgent>();
        var hashes = new Dictionary<Guid, string>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                agents.Add(await PushAgent.Start(cluster.GatewayWebSocket(1 + i % 2), $"silo-drill-{i}"));
            }
            foreach (var agent in agents)
            {
                await api.AgentWhen(agent.Uid, a => a.Connected(), "connected");
                hashes[agent.Uid] = await SetConfig(api, agent.Uid, $"drill: {agent.Uid}\n");
            }
            foreach (var agent in agents)
            {
                await api.AgentWhen(agent.Uid, a => a.RemoteConfigStatus() == "APPLIED", "applied before the fault");
            }
            var totalBefore = await api.Total();

            await cluster.Kill("silo1");
            var sinceKill = Stopwatch.StartNew();

            // Every agent still known with its desired config, and a new push reaches every one.
            var recovered = new List<double>();
            foreach (var agent in agents)
            {
                string? hash = null;
                await Eventually.True(async () =>
                {
                    var response = await api.SetConfig(agent.Uid, "collector.yaml", $"after-kill: {agent.Uid}\n");
                    if (!response.IsSuccessStatusCode)
                    {
                        return false;
                    }
                    hash = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("configHash").GetString();
                    return true;
                }, "the API accepts config again", TimeSpan.FromSeconds(60));
                await Eventually.True(() => Task.FromResult(agent.Received(hash!)), $"agent {agent.Uid} receives a push after the kill", TimeSpan.FromSeconds(30));
                recovered.Add(sinceKill.Elapsed.TotalSeconds);
            }
            output.WriteLine($"silo SIGKILL: pushes to all {agents.Count} agents delivered {recovered.Max():F1} s after the kill (first {recovered.Min():F1} s)");

            foreach (var agent in agents)
            {
                var view = await api.AgentWhen(agent.Uid, a => a.RemoteConfigStatus() == "APPLIED", "applied after the fault");
                Assert.Equal($"silo-drill-{agents.IndexOf(agent)}", view.ServiceName());
            }
            await Eventually.True(async () => await api.Total() >= totalBefore, "no agent lost from the inventory");
            output.WriteLine($"agents lost: {totalBefore - await api.Total()}");
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
            await cluster.Start("silo1");
        }
    }

    [Fact]
    public async Task RedisRestarted_NotReadyMeanwhile_NothingLostAfterwards()
    {
        using var api = cluster.Api(2);
        await using var agent = await PushAgent.Start(cluster.GatewayWebSocket(2), "redis-drill");
        await api.AgentWhen(agent.Uid, a => a.Connected(), "connected");
        var hash = await SetConfig(api, agent.Uid, "before: redis restart\n");
        await api.AgentWhen(agent.Uid, a => a.RemoteConfigStatus() == "APPLIED", "applied");

        await cluster.Stop("redis");
        var down = Stopwatch.StartNew();
        await Eventually.True(async () => (await api.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
            "the gateway reports not-ready without Redis", TimeSpan.FromSeconds(20));
        var writeWhileDown = await api.SetConfig(agent.Uid, "collector.yaml", "during: outage\n");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, writeWhileDown.StatusCode);
        Assert.True(writeWhileDown.Headers.Contains("Retry-After"));

        // A new agent cannot be stored now: it is told to come back later, not given an error that loses it.
        using var opamp = new HttpClient();
        var content = new ByteArrayContent(Messages.First(Guid.CreateVersion7(), "during-outage").ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        using var refused = await opamp.PostAsync(cluster.LoadBalancerHttp, content);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        var error = ServerToAgent.Parser.ParseFrom(await refused.Content.ReadAsByteArrayAsync()).ErrorResponse;
        Assert.Equal(ServerErrorResponseType.Unavailable, error.Type);
        Assert.True(error.RetryInfo.RetryAfterNanoseconds > 0);

        await cluster.Start("redis");
        await Eventually.True(async () => (await api.GetAsync("/health/ready")).IsSuccessStatusCode, "ready again after Redis is back", TimeSpan.FromSeconds(60));
        output.WriteLine($"Redis restart: ready again {down.Elapsed.TotalSeconds:F1} s after Redis stopped");

        var view = await api.AgentWhen(agent.Uid, a => a.Connected(), "still known");
        Assert.Equal(hash, view.GetProperty("desiredConfigHash").GetString());
        var after = await SetConfig(api, agent.Uid, "after: redis restart\n");
        await Eventually.True(() => Task.FromResult(agent.Received(after)), "pushes work after Redis returned", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task GatewayKilled_AgentsReconnectThroughLoadBalancer_AndStillReceivePushes()
    {
        using var api = cluster.LoadBalancerApi();
        var agents = new List<PushAgent>();
        try
        {
            for (var i = 0; i < 12; i++)
            {
                agents.Add(await PushAgent.Start(cluster.LoadBalancerWebSocket, $"lb-{i}"));
            }
            var onGateway1 = new List<PushAgent>();
            foreach (var agent in agents)
            {
                var view = await api.AgentWhen(agent.Uid, a => a.Connected(), "connected through nginx");
                if (view.GetProperty("gatewayId").GetString() == "gateway1")
                {
                    onGateway1.Add(agent);
                }
            }
            Assert.NotEmpty(onGateway1); // nginx spreads them round-robin

            await cluster.Kill("gateway1");
            var sinceKill = Stopwatch.StartNew();

            foreach (var agent in onGateway1)
            {
                await api.AgentWhen(agent.Uid, a => a.Connected() && a.GetProperty("gatewayId").GetString() == "gateway2",
                    "the agent reconnected through the other gateway", TimeSpan.FromSeconds(30));
            }
            output.WriteLine($"gateway SIGKILL: {onGateway1.Count} agents back on gateway2 after {sinceKill.Elapsed.TotalSeconds:F1} s");

            foreach (var agent in agents)
            {
                var hash = await SetConfig(api, agent.Uid, $"after-gateway-kill: {agent.Uid}\n");
                await Eventually.True(() => Task.FromResult(agent.Received(hash)), "pushes still reach every agent", TimeSpan.FromSeconds(10));
            }
            output.WriteLine($"pushes after the gateway kill delivered to {agents.Count}/{agents.Count} agents");
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
            await cluster.Start("gateway1");
        }
    }

    [Fact]
    public async Task GatewayKilled_QuietAgentNotBack_ListedDisconnectedWhileOneOnTheLiveGatewayStays()
    {
        using var api = cluster.Api(2);
        var (lostUid, keptUid) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        // No heartbeat capability: silence from these is allowed, so only their gateways can tell.
        using var lost = await SilentWebSocketPeer.Open(cluster.GatewayWebSocket(1).Port, Messages.First(lostUid, "quiet-lost"));
        using var kept = await SilentWebSocketPeer.Open(cluster.GatewayWebSocket(2).Port, Messages.First(keptUid, "quiet-kept"));
        try
        {
            await api.AgentWhen(lostUid, a => a.Connected(), "the quiet agent on gateway1 is listed connected");
            await api.AgentWhen(keptUid, a => a.Connected(), "the quiet agent on gateway2 is listed connected");

            await cluster.Kill("gateway1"); // no goodbye to the grains; its agent does not come back
            var sinceKill = Stopwatch.StartNew();

            await api.AgentWhen(lostUid, a => !a.Connected(), "listed disconnected once its gateway cannot answer for it", TimeSpan.FromSeconds(45));
            output.WriteLine($"quiet agent of the killed gateway listed disconnected after {sinceKill.Elapsed.TotalSeconds:F1} s");
            foreach (var line in (cluster.Log("silo1") + cluster.Log("silo2")).Split('\n').Where(l => l.Contains(lostUid.ToString(), StringComparison.Ordinal)))
            {
                output.WriteLine(line.Trim()); // why the grain decided
            }
            // Its gateway has been asked at least twice meanwhile (every 3 s here) and still holds it.
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, 7 - sinceKill.Elapsed.TotalSeconds)));
            Assert.True((await api.Agent(keptUid))!.Value.Connected(), "the quiet agent on the live gateway stays connected");
        }
        finally
        {
            await cluster.Start("gateway1");
        }
    }

    [Fact]
    public async Task GatewaySigterm_WebSocketsClosedWith1001WithinDrainWindow()
    {
        var socket = new OpAmpWebSocketConnection(new OpAmpClientOptions { Endpoint = cluster.GatewayWebSocket(2) });
        var uid = Guid.CreateVersion7();
        await socket.ConnectAsync(_ => Task.CompletedTask, CancellationToken.None);
        await socket.SendAsync(Messages.First(uid, "drain-drill"), CancellationToken.None);
        using var api = cluster.Api(1);
        await api.AgentWhen(uid, a => a.Connected(), "connected through gateway 2");

        var stopping = cluster.Stop("gateway2");
        await socket.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        await stopping;

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        await api.AgentWhen(uid, a => !a.Connected(), "marked disconnected after the drain");
        await socket.DisposeAsync();
        await cluster.Start("gateway2");
    }
}
