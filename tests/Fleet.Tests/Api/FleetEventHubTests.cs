using System.Threading.Channels;
using Fleet.Contracts.Inventory;
using Fleet.Gateway.Api;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Tests.Api;

/// <summary>A hub of its own on the embedded silo, its renewal clock in the test's hand.</summary>
public class FleetEventHubTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Renew_NoClientLeft_UnsubscribesAndNextClientResubscribes()
    {
        using var hub = NewHub();
        var (first, _) = await hub.Connect();
        Assert.True(hub.IsSubscribed);

        hub.Disconnect(first);
        _time.Advance(hub.Renewal);
        await Until(() => !hub.IsSubscribed, "unsubscribed after the last client left");

        var (_, events) = await hub.Connect();
        Assert.True(hub.IsSubscribed);
        await AgentAppears(events, "after-resubscribe");
    }

    [Fact]
    public async Task Renew_ClientStillConnected_StaysSubscribedAndRelays()
    {
        using var hub = NewHub();
        var (_, events) = await hub.Connect();

        _time.Advance(hub.Renewal);
        _time.Advance(hub.Renewal);
        await Task.Delay(200);

        Assert.True(hub.IsSubscribed);
        await AgentAppears(events, "kept-subscription");
    }

    [Fact]
    public async Task Renew_OneOfTwoClientsLeft_OtherStillReceives()
    {
        using var hub = NewHub();
        var (leaving, _) = await hub.Connect();
        var (_, staying) = await hub.Connect();

        hub.Disconnect(leaving);
        _time.Advance(hub.Renewal);
        await Task.Delay(200);

        Assert.True(hub.IsSubscribed);
        await AgentAppears(staying, "one-left");
    }

    private FleetEventHub NewHub() => new(gateway.Grains, _time, NullLogger<FleetEventHub>.Instance) { Renewal = TimeSpan.FromMinutes(1) };

    private async Task AgentAppears(ChannelReader<AgentEvent> events, string name)
    {
        var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, name);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (true)
            {
                var agentEvent = await events.ReadAsync(timeout.Token);
                if (agentEvent.Agent.InstanceUid == client.InstanceUid)
                {
                    return;
                }
            }
        }
        finally
        {
            await client.DisposeAsync();
        }
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting: {what}");
            await Task.Delay(20);
        }
    }
}
