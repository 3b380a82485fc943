using Fleet.Gateway.Memory;

namespace Fleet.Tests.Memory;

public class TrimScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
    private static readonly MemoryTrimOptions Options = new() { MinConnectionChange = 1000, QuietPeriod = TimeSpan.FromSeconds(10) };

    private static DateTimeOffset At(double seconds) => Start.AddSeconds(seconds);

    [Fact]
    public void Observe_SurgeThenSteady_DueOnceQuietPeriodPassed()
    {
        var schedule = new TrimSchedule(Options, Start);

        Assert.False(schedule.Observe(4000, At(2)));
        Assert.False(schedule.Observe(10_000, At(4)));
        Assert.False(schedule.Observe(10_050, At(6)));
        Assert.False(schedule.Observe(10_000, At(12)));
        Assert.True(schedule.Observe(10_020, At(14)));
    }

    [Fact]
    public void Observe_AfterTrimWhileSteady_NotDueAgain()
    {
        var schedule = new TrimSchedule(Options, Start);
        Assert.False(schedule.Observe(10_000, At(2)));
        Assert.True(schedule.Observe(10_000, At(12)));
        schedule.Trimmed(10_000);

        Assert.False(schedule.Observe(10_000, At(40)));
        Assert.False(schedule.Observe(10_500, At(60)));
        Assert.False(schedule.Observe(10_500, At(120)));
    }

    [Fact]
    public void Observe_FleetLeavesAfterTrim_DueAgain()
    {
        var schedule = new TrimSchedule(Options, Start);
        Assert.False(schedule.Observe(10_000, At(2)));
        Assert.True(schedule.Observe(10_000, At(12)));
        schedule.Trimmed(10_000);

        Assert.False(schedule.Observe(0, At(30)));
        Assert.True(schedule.Observe(0, At(40)));
        Assert.Equal(10_000, schedule.HeldAtLastTrim);
    }

    [Fact]
    public void Observe_CountKeepsMoving_NeverDue()
    {
        var schedule = new TrimSchedule(Options, Start);

        for (var second = 2; second <= 120; second += 2)
        {
            Assert.False(schedule.Observe(second * 200, At(second)));
        }
    }

    [Fact]
    public void Observe_SlowSteadyRamp_NotDueUntilItStops()
    {
        // 25 agents a second (a cluster ramp spread over gateways): each sample moves less than the
        // tolerance, but the ramp as a whole does not hold still.
        var schedule = new TrimSchedule(Options, Start);
        for (var second = 2; second <= 200; second += 2)
        {
            Assert.False(schedule.Observe(second * 25, At(second)));
        }

        // The last move past the tolerance was at 198 s (4950 agents): quiet 10 s later.
        Assert.False(schedule.Observe(5000, At(204)));
        Assert.True(schedule.Observe(5000, At(208)));
    }

    [Fact]
    public void Observe_FleetDropsAndReconnects_DueThoughCountEndsWhereItWas()
    {
        var schedule = new TrimSchedule(Options, Start);
        Assert.False(schedule.Observe(10_000, At(2)));
        Assert.True(schedule.Observe(10_000, At(12)));
        schedule.Trimmed(10_000);

        Assert.False(schedule.Observe(2_000, At(14)));
        Assert.False(schedule.Observe(10_000, At(20)));
        Assert.False(schedule.Observe(10_000, At(28)));
        Assert.True(schedule.Observe(10_000, At(30)));
    }

    [Fact]
    public void Observe_ChangeBelowMinimum_NeverDue()
    {
        var schedule = new TrimSchedule(Options, Start);

        Assert.False(schedule.Observe(999, At(2)));
        Assert.False(schedule.Observe(999, At(60)));
    }
}
