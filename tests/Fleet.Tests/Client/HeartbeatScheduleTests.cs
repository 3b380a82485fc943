using Fleet.Client;

namespace Fleet.Tests.Client;

public class HeartbeatScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void Wait_NoJitter_ExactlyTheInterval(double random) =>
        Assert.Equal(Interval, HeartbeatSchedule.Wait(Interval, 0, random));

    [Theory]
    [InlineData(0.0, 27)]
    [InlineData(0.5, 30)]
    [InlineData(1.0, 33)]
    public void Wait_TenPercentJitter_WithinTenPercentEitherSide(double random, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), HeartbeatSchedule.Wait(Interval, 0.1, random));

    [Fact]
    public void Wait_JitterAboveOne_NeverNegative() =>
        Assert.Equal(TimeSpan.Zero, HeartbeatSchedule.Wait(Interval, 5, 0));

    [Fact]
    public void Wait_ManySamples_MeanStaysTheInterval()
    {
        var random = new Random(7);
        var mean = Enumerable.Range(0, 10_000).Average(_ => HeartbeatSchedule.Wait(Interval, 0.2, random.NextDouble()).TotalSeconds);
        Assert.InRange(mean, 29.8, 30.2);
    }
}
