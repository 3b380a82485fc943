using System.Net;
using Fleet.Gateway.Limits;

namespace Fleet.Tests.Limits;

public class ClientPartitionTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::")]
    public void Key_Address_IPv4ItselfIPv6ItsSlash64(string remote, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), ClientPartition.Key(IPAddress.Parse(remote)));
    }

    [Fact]
    public void Key_DifferentIPv6Prefixes_DifferentBuckets()
    {
        Assert.NotEqual(ClientPartition.Key(IPAddress.Parse("2001:db8:1:2::1")), ClientPartition.Key(IPAddress.Parse("2001:db8:1:3::1")));
    }

    [Fact]
    public void Key_NoAddress_OneSharedBucket()
    {
        Assert.Equal(IPAddress.None, ClientPartition.Key(null));
    }

    [Theory]
    [InlineData(0.2, "1")]
    [InlineData(1.0, "1")]
    [InlineData(1.1, "2")]
    [InlineData(30, "30")]
    public void RetryAfterHeader_FractionalSeconds_RoundedUp(double seconds, string expected)
    {
        Assert.Equal(expected, ClientPartition.RetryAfterHeader(TimeSpan.FromSeconds(seconds)));
    }
}
