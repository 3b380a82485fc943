using Fleet.Gateway.Transport;
using Fleet.Hosting;

namespace Fleet.Tests.Transport;

public class DrainWindowsTests
{
    [Fact]
    public void For_EmbeddedUnset_ClosesAllAtOnce()
    {
        Assert.Equal(TimeSpan.Zero, DrainWindows.For(OrleansMode.Embedded, null));
    }

    [Fact]
    public void For_ClusterUnset_SpreadsOverTenSeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), DrainWindows.For(OrleansMode.Client, null));
    }

    [Theory]
    [InlineData(OrleansMode.Embedded)]
    [InlineData(OrleansMode.Client)]
    public void For_Configured_ConfiguredWindow(OrleansMode mode)
    {
        Assert.Equal(TimeSpan.FromSeconds(7), DrainWindows.For(mode, TimeSpan.FromSeconds(7)));
    }
}
