using Fleet.Gateway.Health;
using Fleet.Gateway.Security.Agents;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Tests.Health;

public class AgentPathWarmupTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Ready_NewGateway_WarmedUpWithoutListingAnAgent()
    {
        // The fixture waited for /health/ready: by then the warm-up has run.
        var warmup = gateway.Services.GetRequiredService<AgentPathWarmup>();
        Assert.True(warmup.Done.IsCompleted, "ready before the warm-up ended");
        Assert.True(await warmup.Done, "the warm-up gave up");

        // Another walk reads only: the fleet stays empty and the walk is quick once warm.
        var walk = System.Diagnostics.Stopwatch.StartNew();
        await warmup.WalkAgentPath();
        Assert.True(walk.Elapsed < TimeSpan.FromSeconds(5), $"a warm walk took {walk.Elapsed}");
        Assert.Equal(0, await gateway.Api.Total());
    }

    [Fact]
    public async Task CheckHealth_WarmUpNotRun_UnhealthyUntilItRan()
    {
        var warmup = new AgentPathWarmup(gateway.Grains, gateway.Services.GetRequiredService<AgentAccessCache>(), NullLogger<AgentPathWarmup>.Instance);
        var check = new WarmupCheck(warmup);
        var context = new HealthCheckContext();

        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(context)).Status);

        await warmup.StartAsync(CancellationToken.None);
        Assert.True(await warmup.Done.WaitAsync(TimeSpan.FromSeconds(30)));
        await warmup.StopAsync(CancellationToken.None);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(context)).Status);
    }
}
