using System.Collections.Concurrent;
using System.Diagnostics;
using Fleet.Client;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Client;

public class HeartbeatPhaseTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("websocket")]
    [InlineData("http")]
    public async Task ScheduleNextHeartbeat_InTheFirstReplysHandler_SendsThenKeepsTheInterval(string transport)
    {
        var clock = Stopwatch.StartNew();
        var sends = new ConcurrentQueue<long>();
        long movedAt = -1;
        await using var client = new OpAmpClient(new OpAmpClientOptions
        {
            Endpoint = transport == "http" ? gateway.HttpEndpoint : gateway.WebSocketEndpoint,
            Description = Infrastructure.Agents.Description("phase-" + transport),
            HeartbeatInterval = TimeSpan.FromMinutes(5),
            FollowHeartbeatOffers = false,
        });
        client.Status.Health = new ComponentHealth { Healthy = true, Status = "running" };
        client.MessageSending += _ => sends.Enqueue(clock.ElapsedMilliseconds);
        client.MessageReceived += _ =>
        {
            // Where the load generator moves it: in the first reply's handler, racing the send loop's own
            // scheduling after the first message (and the answer to the offered settings that follows).
            if (Interlocked.CompareExchange(ref movedAt, clock.ElapsedMilliseconds, -1) == -1)
            {
                client.ScheduleNextHeartbeat(TimeSpan.FromMilliseconds(500));
            }
        };

        await client.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var moved = Interlocked.Read(ref movedAt);
        Assert.True(moved >= 0, "a reply came");
        // Anything sent within 300 ms of the move answers the reply; after that, only the moved heartbeat.
        var heartbeats = sends.Where(at => at >= moved + 300).ToList();
        Assert.Single(heartbeats);
        Assert.InRange(heartbeats[0] - moved, 400, 1500);
    }
}
