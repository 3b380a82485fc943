using Fleet.Grains.Agents;

namespace Fleet.Tests.Agents;

public class OfflineDeadlineTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(90);

    [Fact]
    public void NextCheck_HeardSinceTheTimerWasArmed_WaitsTheRestOfTheNewWindow()
    {
        // Armed at Start, last heard 60 s later, the timer fires at Start + 90 s.
        var next = OfflineDeadline.NextCheck(Start.AddSeconds(60), Window, Start.AddSeconds(90), expectsRegularMessages: true);

        Assert.Equal(TimeSpan.FromSeconds(60), next);
    }

    [Fact]
    public void NextCheck_FiredJustBeforeTheDeadline_WaitsAtLeastTheMinimum()
    {
        var next = OfflineDeadline.NextCheck(Start, Window, Start + Window - TimeSpan.FromMilliseconds(5), expectsRegularMessages: true);

        Assert.Equal(OfflineDeadline.MinimumWait, next);
    }

    [Fact]
    public void NextCheck_AlreadyOverdue_LooksAgainSoon()
    {
        // A grain reactivated long after its agent was last heard (its gateway gone without a word).
        var next = OfflineDeadline.NextCheck(Start, Window, Start.AddMinutes(10), expectsRegularMessages: true);

        Assert.Equal(OfflineDeadline.MinimumWait, next);
    }

    [Fact]
    public void NextCheck_AgentNotReportingRegularly_LooksAgainAWindowLater()
    {
        var next = OfflineDeadline.NextCheck(Start, Window, Start.AddMinutes(10), expectsRegularMessages: false);

        Assert.Equal(Window, next);
    }

    [Theory]
    [InlineData(89.999, false)]
    [InlineData(90, true)]
    [InlineData(300, true)]
    public void IsOverdue_SilentFor_OverdueFromTheWindowOn(double silentSeconds, bool overdue) =>
        Assert.Equal(overdue, OfflineDeadline.IsOverdue(Start, Window, Start.AddSeconds(silentSeconds)));
}
