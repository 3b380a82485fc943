using Fleet.Hosting.Logging;
using Microsoft.Extensions.Configuration;

namespace Fleet.Tests.Observability;

public class LoggingFormatTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void UseJson_NothingConfigured_HumanReadable()
    {
        Assert.False(FleetLogging.UseJson(Settings()));
        Assert.False(FleetLogging.UseJson(Settings(("Fleet:Logging:Format", "simple"))));
    }

    [Fact]
    public void UseJson_FleetFormatOrStandardFormatterName_Json()
    {
        Assert.True(FleetLogging.UseJson(Settings(("Fleet:Logging:Format", "json"))));
        Assert.True(FleetLogging.UseJson(Settings(("Logging:Console:FormatterName", "json"))));
    }

    [Fact]
    public void UseJson_UnknownFormat_FailsAtStart()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FleetLogging.UseJson(Settings(("Fleet:Logging:Format", "jsn"))));
        Assert.Contains("jsn", error.Message);
    }
}
