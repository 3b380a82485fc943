using Fleet.Gateway.Limits;

namespace Fleet.Tests.Limits;

public class MessageRateTests
{
    private static TimeSpan At(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Take_WithinBurst_Accepted()
    {
        var rate = new MessageRate(perSecond: 2, burst: 3, refusalsBeforeClose: 5, TimeSpan.FromSeconds(10));

        Assert.All(Enumerable.Range(0, 3), _ => Assert.Equal(MessageAdmission.Accepted, rate.Take(At(0))));
    }

    [Fact]
    public void Take_OverBurst_RefusedWithTimeUntilNextMessageButAtLeastASecond()
    {
        var slow = new MessageRate(perSecond: 0.25, burst: 1, refusalsBeforeClose: 5, TimeSpan.FromSeconds(10));
        slow.Take(At(0));

        Assert.Equal(MessageAdmission.Refused, slow.Take(At(1)));
        Assert.Equal(At(3), slow.RetryAfter);

        var fast = new MessageRate(perSecond: 100, burst: 1, refusalsBeforeClose: 5, TimeSpan.FromSeconds(10));
        fast.Take(At(0));
        Assert.Equal(MessageAdmission.Refused, fast.Take(At(0)));
        Assert.Equal(MessageRate.MinimumRetryAfter, fast.RetryAfter);
    }

    [Fact]
    public void Take_AfterWaiting_RefilledAtTheRateUpToTheBurst()
    {
        var rate = new MessageRate(perSecond: 2, burst: 3, refusalsBeforeClose: 100, TimeSpan.FromSeconds(10));
        for (var i = 0; i < 3; i++)
        {
            rate.Take(At(0));
        }
        Assert.Equal(MessageAdmission.Refused, rate.Take(At(0)));

        Assert.Equal(MessageAdmission.Accepted, rate.Take(At(0.5)));
        Assert.Equal(MessageAdmission.Refused, rate.Take(At(0.5)));

        // A long pause saves up no more than the burst.
        var accepted = Enumerable.Range(0, 10).Count(_ => rate.Take(At(60)) == MessageAdmission.Accepted);
        Assert.Equal(3, accepted);
    }

    [Fact]
    public void Take_KeepsFloodingWithinWindow_Close()
    {
        var rate = new MessageRate(perSecond: 1, burst: 1, refusalsBeforeClose: 3, TimeSpan.FromSeconds(10));
        rate.Take(At(0));

        var admissions = Enumerable.Range(0, 4).Select(_ => rate.Take(At(0.1))).ToList();

        Assert.Equal([MessageAdmission.Refused, MessageAdmission.Refused, MessageAdmission.Refused, MessageAdmission.Close], admissions);
    }

    [Fact]
    public void Take_RefusalsSpreadOverWindows_NeverClosed()
    {
        var rate = new MessageRate(perSecond: 1, burst: 1, refusalsBeforeClose: 3, TimeSpan.FromSeconds(10));

        // Two messages every 4 s for a minute: one refused each time, never more than three in a window.
        var admissions = Enumerable.Range(0, 15).SelectMany(i => new[] { rate.Take(At(i * 4)), rate.Take(At(i * 4 + 0.1)) }).ToList();

        Assert.Equal(15, admissions.Count(a => a == MessageAdmission.Refused));
        Assert.DoesNotContain(MessageAdmission.Close, admissions);
    }

    [Fact]
    public void For_RateZero_NoLimit()
    {
        Assert.Null(MessageRate.For(new LimitOptions { WebSocketMessagesPerSecond = 0 }));
        Assert.NotNull(MessageRate.For(new LimitOptions()));
    }
}
