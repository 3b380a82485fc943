using Fleet.Client;

namespace Fleet.Tests.Client;

public class ReconnectBackoffTests
{
    [Theory]
    [InlineData(0.0, 5_000)]
    [InlineData(0.5, 7_500)]
    [InlineData(0.999999, 10_000)]
    public void Jittered_AnySample_BetweenHalfAndWholeStep(double random, int expectedMs)
    {
        var wait = ReconnectBackoff.Jittered(TimeSpan.FromSeconds(10), random);

        Assert.Equal(expectedMs, wait.TotalMilliseconds, 0.1);
    }

    [Fact]
    public void Jittered_AtTheMaximumStep_NeverLongerThanTheMaximum()
    {
        var max = TimeSpan.FromSeconds(10);
        var step = ReconnectBackoff.Next(ReconnectBackoff.Next(TimeSpan.FromSeconds(8), max), max);

        Assert.True(ReconnectBackoff.Jittered(step, 0.999999) <= max);
    }

    [Theory]
    [InlineData(0.0, 5_000)]
    [InlineData(0.999999, 7_500)]
    public void AfterServerHint_AnySample_NotBeforeTheServerAsked(double random, int expectedMs)
    {
        var wait = ReconnectBackoff.AfterServerHint(TimeSpan.FromSeconds(5), random);

        Assert.Equal(expectedMs, wait.TotalMilliseconds, 0.1);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(4, 8)]
    [InlineData(8, 10)]
    [InlineData(10, 10)]
    public void Next_AfterAFailure_DoublesUpToTheMaximum(int seconds, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), ReconnectBackoff.Next(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 30)]
    [InlineData(1000, 30)]
    public void AfterRefusals_RefusedAgainAndAgain_DoublesFromWhatTheServerAskedUpToTheMaximum(int refusals, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), ReconnectBackoff.AfterRefusals(TimeSpan.FromSeconds(5), refusals, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void AfterRefusals_ServerAsksLongerThanTheMaximum_WaitsWhatItAsked()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), ReconnectBackoff.AfterRefusals(TimeSpan.FromMinutes(2), 5, TimeSpan.FromSeconds(30)));
    }
}
