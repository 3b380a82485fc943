using Fleet.Grains.Agents;

namespace Fleet.Tests.Agents;

public class OfflineDeadlineTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(89.999, false)]
    [InlineData(90, true)]
    [InlineData(300, true)]
    public void IsOverdue_SilentFor_OverdueFromTheWindowOn(double silentSeconds, bool overdue) =>
        Assert.Equal(overdue, OfflineDeadline.IsOverdue(Start, Window, Start.AddSeconds(silentSeconds)));
}
