using Fleet.Client;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Tests.Client;

public class HeartbeatClockTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly HeartbeatClock _clock;

    private int _fired;

    public HeartbeatClockTests() => _clock = new HeartbeatClock(_time);

    private HeartbeatDeadline CountingDeadline() => new(() => _fired++);

    [Fact]
    public void Schedule_DueTimeReached_FiresOnce()
    {
        var deadline = CountingDeadline();

        _clock.Schedule(deadline, TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, _fired);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _fired);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, _fired);
    }

    [Fact]
    public void Schedule_AgainBeforeDue_MovesTheDeadlineLater()
    {
        var deadline = CountingDeadline();

        _clock.Schedule(deadline, TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(20));
        _clock.Schedule(deadline, TimeSpan.FromSeconds(30)); // a send at 20 s: next heartbeat at 50 s
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, _fired);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _fired);
    }

    [Fact]
    public void Schedule_SoonerThanQueued_FiresAtTheSoonerTime()
    {
        var deadline = CountingDeadline();

        _clock.Schedule(deadline, TimeSpan.FromSeconds(60));
        _clock.Schedule(deadline, TimeSpan.FromSeconds(5)); // the server offered a shorter interval
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, _fired);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, _fired);
    }

    [Fact]
    public void Cancel_BeforeDue_NeverFires()
    {
        var deadline = CountingDeadline();

        _clock.Schedule(deadline, TimeSpan.FromSeconds(30));
        _clock.Cancel(deadline);
        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(0, _fired);
        Assert.Equal(0, _clock.Queued);
    }

    [Fact]
    public void Schedule_Infinite_NeverFires()
    {
        var deadline = CountingDeadline();

        _clock.Schedule(deadline, Timeout.InfiniteTimeSpan);
        _time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(0, _fired);
    }

    [Fact]
    public void Schedule_ManyResetsOfOneDeadline_KeepsOneEntry()
    {
        var deadline = new HeartbeatDeadline(() => { });

        for (var i = 0; i < 1000; i++)
        {
            _clock.Schedule(deadline, TimeSpan.FromSeconds(30));
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(1, _clock.Queued);
    }

    [Fact]
    public void Schedule_DeadlinesWithinOneResolution_FireTogether()
    {
        var fired = new List<(int Deadline, TimeSpan At)>();
        var start = _time.GetTimestamp();
        var first = new HeartbeatDeadline(() => fired.Add((1, _time.GetElapsedTime(start))));
        var second = new HeartbeatDeadline(() => fired.Add((2, _time.GetElapsedTime(start))));
        var later = new HeartbeatDeadline(() => fired.Add((3, _time.GetElapsedTime(start))));

        _clock.Schedule(first, TimeSpan.FromMilliseconds(1000));
        _clock.Schedule(second, TimeSpan.FromMilliseconds(1000) + HeartbeatClock.Resolution / 2);
        _clock.Schedule(later, TimeSpan.FromSeconds(2));
        for (var i = 0; i < 300; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal([1, 2, 3], fired.Select(f => f.Deadline));
        Assert.Equal(fired[0].At, fired[1].At);
        Assert.Equal(TimeSpan.FromSeconds(1), fired[0].At);
        Assert.Equal(TimeSpan.FromSeconds(2), fired[2].At);
    }
}
