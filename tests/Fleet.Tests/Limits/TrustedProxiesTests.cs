using System.Net;
using Fleet.Gateway.Limits;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace Fleet.Tests.Limits;

public class TrustedProxiesTests
{
    [Fact]
    public void Options_AddressesAndNetworks_TrustedExactlyWithoutLoopbackDefaults()
    {
        var options = TrustedProxies.Options(["10.0.0.5", " 10.1.0.0/16 ", "fd00::/8"]);

        Assert.Equal(ForwardedHeaders.XForwardedFor, options.ForwardedHeaders);
        Assert.Equal([IPAddress.Parse("10.0.0.5")], options.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("10.1.0.0/16"), System.Net.IPNetwork.Parse("fd00::/8")], options.KnownIPNetworks);
        Assert.Null(options.ForwardLimit);
    }

    [Theory]
    [InlineData("load-balancer")]
    [InlineData("10.0.0.0/99")]
    public void Options_NotAnAddressOrNetwork_FailsAtStart(string entry)
    {
        var error = Assert.Throws<FormatException>(() => TrustedProxies.Options([entry]));
        Assert.Contains(entry, error.Message);
    }

    [Fact]
    public void Entries_ListOrCommaSeparatedValue_SameEntries()
    {
        var list = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fleet:Gateway:TrustedProxies:0"] = "10.0.0.5",
            ["Fleet:Gateway:TrustedProxies:1"] = "10.1.0.0/16",
        }).Build();
        var single = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fleet:Gateway:TrustedProxies"] = "10.0.0.5, 10.1.0.0/16",
        }).Build();

        Assert.Equal(["10.0.0.5", "10.1.0.0/16"], TrustedProxies.Entries(list));
        Assert.Equal(["10.0.0.5", "10.1.0.0/16"], TrustedProxies.Entries(single));
        Assert.Empty(TrustedProxies.Entries(new ConfigurationBuilder().Build()));
    }
}
