using Fleet.LoadTest.Options;

namespace Fleet.Tests.LoadTest;

public class LoadTestOptionsParserTests
{
    [Fact]
    public void Parse_ServerPidFileRepeated_AllKeptBesideThePids()
    {
        var options = LoadTestOptionsParser.Parse(["--server-pid", "7", "--server-pid-file", "/run/a.pid", "--server-pid-file=/run/b.pid"]);

        Assert.Equal([7], options.ServerPids);
        Assert.Equal(["/run/a.pid", "/run/b.pid"], options.ServerPidFiles);
    }

    [Fact]
    public void Parse_ServerPidFileEmpty_UsageError()
    {
        var error = Assert.Throws<LoadTestUsageException>(() => LoadTestOptionsParser.Parse(["--server-pid-file", " "]));

        Assert.Contains("--server-pid-file", error.Message);
    }

    [Fact]
    public void WorkerArguments_ServerPidFile_OnlyTheParentSamples()
    {
        var args = LoadTestOptionsParser.WorkerArguments(
            ["--agents", "10", "--server-pid-file", "/run/a.pid", "--server-pid", "7", "--workers", "2"], new WorkerAssignment(0, 2), runId: 1);

        Assert.DoesNotContain("--server-pid-file", args);
        Assert.DoesNotContain("/run/a.pid", args);
        Assert.DoesNotContain("--server-pid", args);
    }
}
