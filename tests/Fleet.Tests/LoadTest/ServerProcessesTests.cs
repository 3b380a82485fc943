using System.Diagnostics;
using System.Globalization;
using Fleet.LoadTest.Probes;

namespace Fleet.Tests.LoadTest;

public sealed class ServerProcessesTests : IDisposable
{
    private readonly string _pidFile = Path.Combine(Path.GetTempPath(), $"fleet-server-{Guid.NewGuid():N}.pid");

    [Fact]
    public void Sample_PidFileRewritten_FollowsTheNewProcess()
    {
        using var replacement = Process.Start("sleep", "30");
        try
        {
            var server = new ServerProcesses([], [_pidFile]);
            File.WriteAllText(_pidFile, $"{Environment.ProcessId}\n");
            var before = server.Sample();

            File.WriteAllText(_pidFile, replacement.Id.ToString(CultureInfo.InvariantCulture));
            var after = server.Sample();

            Assert.True(before.Complete && after.Complete);
            Assert.Equal([Environment.ProcessId], before.Pids);
            Assert.Equal([replacement.Id], after.Pids);
            Assert.True(after.RssKb > 0, "the replacement's memory is read");
            // Another process counts its CPU from zero: no difference is made across the restart.
            Assert.Null(after.CpuSecondsSince(before));
        }
        finally
        {
            replacement.Kill();
        }
    }

    [Fact]
    public void Sample_PidFileMissing_Incomplete()
    {
        var sample = new ServerProcesses([Environment.ProcessId], [_pidFile]).Sample();

        Assert.False(sample.Complete);
        Assert.Equal([Environment.ProcessId], sample.Pids);
    }

    [Fact]
    public void CpuSecondsSince_SameProcesses_TimeUsedInBetween()
    {
        var server = new ServerProcesses([Environment.ProcessId], []);
        var before = server.Sample();
        var spin = Stopwatch.StartNew();
        while (spin.ElapsedMilliseconds < 200)
        {
            // Burn CPU so that the process' utime moves by at least one clock tick.
        }
        var after = server.Sample();

        Assert.True(after.CpuSecondsSince(before) is > 0);
        Assert.Null(after.CpuSecondsSince(before with { Complete = false }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("gateway")]
    [InlineData("0")]
    [InlineData("-12")]
    [InlineData("12 13")]
    public void ReadPid_NotAPid_Null(string content)
    {
        File.WriteAllText(_pidFile, content);

        Assert.Null(ServerProcesses.ReadPid(_pidFile));
    }

    [Fact]
    public void ReadPid_PidAndNewline_ThePid()
    {
        File.WriteAllText(_pidFile, " 4242\n");

        Assert.Equal(4242, ServerProcesses.ReadPid(_pidFile));
    }

    public void Dispose() => File.Delete(_pidFile);
}
