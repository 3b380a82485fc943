using Fleet.Contracts.Agents;
using Fleet.Contracts.Inventory;

namespace Fleet.Tests.Inventory;

public class FleetTallyTests
{
    private static AgentSummary Agent(Dictionary<string, string>? packages = null, List<string>? custom = null) =>
        new(Guid.NewGuid(), [], [], true, AgentTransport.WebSocket, DateTimeOffset.UnixEpoch, true, null, null, null, null, 0,
            Packages: packages, CustomCapabilities: custom);

    [Fact]
    public void Sum_ShardTallies_CountsEachAgentOncePerCapabilityAndPackageStatus()
    {
        var shardA = FleetTally.Of([
            Agent(new() { ["otelcol"] = "Installed", ["fluent-bit"] = "InstallFailed" }, ["io.example.ping"]),
            Agent(new() { ["otelcol"] = "Installing" }),
        ]);
        var shardB = FleetTally.Of([
            Agent(new() { ["otelcol"] = "Installed" }, ["io.example.ping", "io.example.pong"]),
            Agent(),
        ]);

        var total = FleetTally.Sum([shardA, shardB, FleetTally.Of([])]);

        Assert.Equal(new Dictionary<string, int> { ["io.example.ping"] = 2, ["io.example.pong"] = 1 }, total.CustomCapabilities);
        Assert.Equal(new Dictionary<string, int> { ["Installed"] = 2, ["Installing"] = 1 }, total.PackageStatuses["otelcol"]);
        Assert.Equal(new Dictionary<string, int> { ["InstallFailed"] = 1 }, total.PackageStatuses["fluent-bit"]);
        Assert.Equal(2, total.PackageStatuses.Count);
    }
}
