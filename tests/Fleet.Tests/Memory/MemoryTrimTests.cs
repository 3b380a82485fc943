using Fleet.Client;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Memory;

/// <summary>A gateway that counts 20 WebSockets as a surge and 1 s as quiet.</summary>
public sealed class EagerTrimGatewayFixture : GatewayFixture
{
    internal static readonly string[] Thresholds =
    [
        "--Fleet:Gateway:MemoryTrim:MinConnectionChange=20",
        "--Fleet:Gateway:MemoryTrim:QuietPeriod=00:00:01",
        "--Fleet:Gateway:MemoryTrim:CheckInterval=00:00:00.200",
    ];

    protected override IEnumerable<string> Settings => Thresholds;
}

/// <summary>The same thresholds with trimming switched off.</summary>
public sealed class TrimOffGatewayFixture : GatewayFixture
{
    protected override IEnumerable<string> Settings => ["--Fleet:Gateway:MemoryTrim:Enabled=false", .. EagerTrimGatewayFixture.Thresholds];
}

public class MemoryTrimTests(EagerTrimGatewayFixture gateway) : IClassFixture<EagerTrimGatewayFixture>
{
    private const string Trims = "fleet.gateway.memory.trims";

    [Fact]
    public async Task Surge_ConnectThenSteadyThenLeave_TrimsOncePerSurge()
    {
        using var meter = new GatewayMeter(gateway.Services);
        var agents = await MemoryTrimTests.ConnectMany(gateway, 25);
        try
        {
            await Eventually.True(() => Task.FromResult(meter.Sum(Trims) == 1), "one trim after 25 agents connected and stayed");

            // Held steady: nothing more to hand back, so no more pauses.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            Assert.Equal(1, meter.Sum(Trims));
        }
        finally
        {
            await Task.WhenAll(agents.Select(a => a.DisposeAsync().AsTask()));
        }

        await Eventually.True(() => Task.FromResult(meter.Sum(Trims) == 2), "a second trim after they left");
    }

    internal static async Task<OpAmpClient[]> ConnectMany(GatewayFixture gateway, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => Infrastructure.Agents.Start(gateway.WebSocketEndpoint, $"trim-{i}", heartbeat: TimeSpan.FromSeconds(30))));
}

public class MemoryTrimOffTests(TrimOffGatewayFixture gateway) : IClassFixture<TrimOffGatewayFixture>
{
    [Fact]
    public async Task Surge_TrimDisabled_NoTrim()
    {
        using var meter = new GatewayMeter(gateway.Services);
        var agents = await MemoryTrimTests.ConnectMany(gateway, 25);
        try
        {
            await Eventually.True(() => Task.FromResult(meter.Sum("fleet.gateway.connections", "transport=websocket") == 25), "all 25 held");
            await Task.Delay(TimeSpan.FromSeconds(2.5));

            Assert.Equal(0, meter.Sum("fleet.gateway.memory.trims"));
        }
        finally
        {
            await Task.WhenAll(agents.Select(a => a.DisposeAsync().AsTask()));
        }
    }
}
