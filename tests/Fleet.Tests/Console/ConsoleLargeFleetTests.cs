using Fleet.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fleet.Tests.Console;

/// <summary>The agent list over ten thousand agents: server-side paging, no layout break, and a new agent showing up live.</summary>
public class ConsoleLargeFleetTests(LargeFleet fleet, ITestOutputHelper output) : IClassFixture<LargeFleet>
{
    [Fact]
    public async Task AgentList_TenThousandAgents_PagesWithoutLayoutBreak_NewAgentAppearsLive()
    {
        await using var script = ConsoleScript.Start("paging", output, "--base", fleet.Base, "--total", LargeFleet.Count.ToString());
        await script.WaitForLine("waiting-for-new-agent");
        await using var latecomer = await Infrastructure.Agents.Start(fleet.Gateway.WebSocketEndpoint, "latecomer");
        await script.Send(latecomer.InstanceUid.ToString());
        await script.Completed();
    }
}
