using System.Net;
using Fleet.Client;
using Fleet.Gateway.Hosting;
using Fleet.Tests.Infrastructure;
using Fleet.Tests.Observability;

namespace Fleet.Tests.Hosting;

public class OpenFileBudgetTests
{
    private const string Limits = """
        Limit                     Soft Limit           Hard Limit           Units
        Max cpu time              unlimited            unlimited            seconds
        Max open files            20000                524288               files
        Max locked memory         8388608              8388608              bytes
        """;

    [Fact]
    public void ParseLimits_ProcLimits_SoftOpenFileLimit() =>
        Assert.Equal(20_000, OpenFileBudget.ParseLimits(Limits));

    [Fact]
    public void ParseLimits_Unlimited_Null() =>
        Assert.Null(OpenFileBudget.ParseLimits("Max open files            unlimited            unlimited            files\n"));

    [Fact]
    public void ParseLimits_NoOpenFilesLine_Null() =>
        Assert.Null(OpenFileBudget.ParseLimits("Max cpu time              unlimited            unlimited            seconds\n"));

    [Theory]
    [InlineData(20_000, 18_976)] // the benchmark box: 1,024 kept back
    [InlineData(1_048_576, 1_044_480)] // a container's default: at most 4,096 kept back
    [InlineData(500, 1)] // smaller than the reserve: still one connection
    public void ConnectionCeiling_Limit_LeavesTheReserve(int limit, int ceiling) =>
        Assert.Equal(ceiling, OpenFileBudget.ConnectionCeiling(limit));

    [Fact]
    public void ConnectionCeiling_Unknown_NoCeiling() =>
        Assert.Null(OpenFileBudget.ConnectionCeiling(null));

    [Fact]
    public async Task Gateway_MoreAgentsThanItsOpenFilesAllow_RefusesTheRestAndKeepsRunning()
    {
        // 1,400 files: 376 connections, 248 of them WebSockets. 1,100 agents need more files than the
        // gateway has (it holds ~330 of its own): without the cap they took the runtime's last ones
        // and the process aborted ("Out of memory."). This test process holds them all at once
        // (this machine allows each process 20,000).
        const int agents = 1_100;
        await using var gateway = await GatewayProcess.Start(openFileLimit: 1_400, "--Fleet:Gateway:Limits:OpAmpRequestsPerSecondPerIp=0");
        var connections = new List<OpAmpWebSocketConnection>();
        try
        {
            var attempts = Enumerable.Range(0, agents).Select(async _ =>
            {
                var connection = new OpAmpWebSocketConnection(new OpAmpClientOptions { Endpoint = gateway.WebSocketEndpoint });
                lock (connections)
                {
                    connections.Add(connection);
                }
                try
                {
                    await connection.ConnectAsync(_ => Task.CompletedTask, CancellationToken.None);
                    return true;
                }
                catch (System.Net.WebSockets.WebSocketException)
                {
                    return false;
                }
            }).ToList();
            var accepted = (await Task.WhenAll(attempts)).Count(ok => ok);

            Assert.Equal(376 - OpenFileBudget.WebSocketHeadroom, accepted);
            Assert.False(gateway.HasExited, "the gateway exited: " + string.Join('\n', gateway.Stdout));
            using var live = await gateway.Api.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
