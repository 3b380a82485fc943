using Fleet.LoadTest.Coordination;
using Fleet.LoadTest.Metrics;
using Fleet.LoadTest.Probes;
using Fleet.LoadTest.Reporting;

namespace Fleet.Tests.LoadTest;

public class ProgressLineTests
{
    [Fact]
    public void Format_ServerSampled_ShowsMemoryAndCpu()
    {
        var line = ProgressLine.Format(3, "hold", [], LatencySummary.Empty, new ProcessSample([42], 2048, 1.5, 10, 20, Complete: true), 37);

        Assert.Contains("server 2.0 MB 37% cpu", line);
    }

    [Fact]
    public void Format_ServerPidGone_SaysSoInsteadOfFigures()
    {
        // A restarted server: its old PID is gone, the partial sums would read 0 MB and a negative CPU.
        var line = ProgressLine.Format(3, "hold", [], LatencySummary.Empty, new ProcessSample([42], 0, 0, 0, 0, Complete: false), -2870);

        Assert.Contains("server - (a --server-pid is gone)", line);
        Assert.DoesNotContain("MB", line);
        Assert.DoesNotContain("cpu", line);
    }
}
