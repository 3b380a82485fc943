using Fleet.Grains.Agents;

namespace Fleet.Tests.Agents;

public class OfflineDeadlinesTests
{
    private static readonly long Start = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero).UtcTicks;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(90);
    private readonly OfflineDeadlines _deadlines = new(Window);

    private static long At(double seconds) => Start + TimeSpan.FromSeconds(seconds).Ticks;

    [Fact]
    public void Overdue_SilentForTheWindow_ReturnedOnceAndStopped()
    {
        var uid = Guid.NewGuid();
        var entry = _deadlines.Watch(uid, At(0), At(0));

        Assert.Empty(_deadlines.Overdue(At(89.9)));
        Assert.Equal([uid], _deadlines.Overdue(At(90)));
        Assert.True(entry.Stopped, "its grain decides now, and watches again if need be");
        Assert.Empty(_deadlines.Overdue(At(500)));
        Assert.Equal(0, _deadlines.Count);
    }

    [Fact]
    public void Overdue_HeardFromSince_PutBackAtTheNewDeadlineWithoutAsking()
    {
        var uid = Guid.NewGuid();
        var entry = _deadlines.Watch(uid, At(0), At(0));

        entry.Seen(new DateTimeOffset(At(60), TimeSpan.Zero));

        Assert.Empty(_deadlines.Overdue(At(90)));
        Assert.False(entry.Stopped);
        Assert.Equal(1, _deadlines.Count);
        Assert.Empty(_deadlines.Overdue(At(149.9)));
        Assert.Equal([uid], _deadlines.Overdue(At(150)));
    }

    [Fact]
    public void Overdue_StoppedEntry_DroppedWithoutAsking()
    {
        var entry = _deadlines.Watch(Guid.NewGuid(), At(0), At(0));

        entry.Stop(); // disconnected or deactivated

        Assert.Empty(_deadlines.Overdue(At(1000)));
        Assert.Equal(0, _deadlines.Count);
    }

    [Fact]
    public void Watch_DeadlineAlreadyPast_LookedAtNoSoonerThanTheMinimumWait()
    {
        var uid = Guid.NewGuid();
        _deadlines.Watch(uid, At(0), At(600)); // last heard long ago (a grain reactivated, say)

        Assert.Empty(_deadlines.Overdue(At(600.5)));
        Assert.Equal([uid], _deadlines.Overdue(At(600) + OfflineDeadline.MinimumWait.Ticks));
    }

    [Fact]
    public void Overdue_ManyAgents_OnlyTheSilentOnesInDeadlineOrder()
    {
        var entries = Enumerable.Range(0, 100).Select(i => _deadlines.Watch(Guid.NewGuid(), At(i), At(i))).ToList();
        foreach (var entry in entries.Where((_, i) => i % 2 == 0))
        {
            entry.Seen(new DateTimeOffset(At(120), TimeSpan.Zero));
        }

        var overdue = _deadlines.Overdue(At(200));

        Assert.Equal(entries.Where((_, i) => i % 2 == 1).Select(e => e.Uid), overdue);
        Assert.Equal(50, _deadlines.Count);
    }
}
