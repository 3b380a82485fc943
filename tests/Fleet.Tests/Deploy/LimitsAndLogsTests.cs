using Fleet.Gateway.Limits;
using Fleet.Hosting.Logging;
using Microsoft.Extensions.Configuration;

namespace Fleet.Tests.Deploy;

/// <summary>Per-IP limits and log format as each overlay's pods will really run with them.</summary>
public class LimitsAndLogsTests
{
    public static TheoryData<string> Overlays => [.. DeployTools.OverlayNames];

    private static LimitOptions GatewayLimits(string overlay) =>
        WorkloadConfigTests.Gateway(overlay).Config.Configuration.GetSection(LimitOptions.Section).Get<LimitOptions>() ?? new LimitOptions();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void GatewayLimits_LoadTestOrNot_PerIpRatesOffOnlyWithTheLoadTestJob(string overlay)
    {
        var limits = GatewayLimits(overlay);
        var loadTest = RenderedOverlay.Get(overlay).Find("Job", "fleet-loadtest") is not null;

        // The Job's thousands of agents share one pod address; real agents must stay limited.
        Assert.Equal(loadTest, limits.OpAmpRequestsPerSecondPerIp == 0);
        Assert.Equal(loadTest, limits.ApiRequestsPerSecondPerIp == 0);
        Assert.True(limits.WebSocketMessagesPerSecond > 0);
    }

    [Fact]
    public void Production_Logs_JsonFromGatewaysAndSilos()
    {
        Assert.True(FleetLogging.UseJson(WorkloadConfigTests.Gateway("production").Config.Configuration));
        Assert.True(FleetLogging.UseJson(WorkloadConfigTests.Silo("production").Config.Configuration));
        Assert.False(FleetLogging.UseJson(WorkloadConfigTests.Gateway("dev").Config.Configuration));
    }
}
