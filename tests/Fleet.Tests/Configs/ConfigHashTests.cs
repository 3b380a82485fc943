using Fleet.Contracts.OpAmp;
using Fleet.Grains.Configs;
using Google.Protobuf;

namespace Fleet.Tests.Configs;

public class ConfigHashTests
{
    private static AgentConfigMap Map(params (string Name, string Body, string Type)[] files)
    {
        var map = new AgentConfigMap();
        foreach (var (name, body, type) in files)
        {
            map.ConfigMap[name] = new AgentConfigFile { Body = ByteString.CopyFromUtf8(body), ContentType = type };
        }
        return map;
    }

    [Fact]
    public void Compute_SameFilesInAnyOrder_SameHash() =>
        Assert.Equal(
            ConfigHash.Compute(Map(("a", "1", "text/yaml"), ("b", "2", "text/yaml"))),
            ConfigHash.Compute(Map(("b", "2", "text/yaml"), ("a", "1", "text/yaml"))));

    [Theory]
    [InlineData("a", "12", "text/yaml")]
    [InlineData("a", "1", "application/json")]
    [InlineData("c", "1", "text/yaml")]
    public void Compute_AnyFieldDiffers_DifferentHash(string name, string body, string type) =>
        Assert.NotEqual(ConfigHash.Compute(Map(("a", "1", "text/yaml"))), ConfigHash.Compute(Map((name, body, type))));

    [Fact]
    public void Compute_FieldBoundariesMatter_DifferentHash() =>
        // "ab"+"c" must not collide with "a"+"bc": fields are length-prefixed.
        Assert.NotEqual(ConfigHash.Compute(Map(("ab", "c", ""))), ConfigHash.Compute(Map(("a", "bc", ""))));

    [Fact]
    public void Compute_Always_Sha256Length() =>
        Assert.Equal(32, ConfigHash.Compute(Map()).Length);

    [Fact]
    public void Compute_KnownInput_StableAcrossReleases() =>
        // Pinned (also computed independently: SHA-256 of 8-byte big-endian length-prefixed fields):
        // stored and reported hashes must not change when the code does.
        Assert.Equal(
            "3dbdb40254e3d1ee41eda92fa5b340eef9a1bbcc4ac9b273453cdaaef4d8774d",
            ConfigHash.ToHex(ConfigHash.Compute(Map(("collector.yaml", "receivers: {}\n", "text/yaml")))));
}
