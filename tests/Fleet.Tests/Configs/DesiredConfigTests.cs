using Fleet.Contracts.Configs;
using Fleet.Contracts.OpAmp;
using Fleet.Grains.Configs;
using Google.Protobuf;

namespace Fleet.Tests.Configs;

public class DesiredConfigTests
{
    private static ProfileAssignment Profile(string name, int priority, string body)
    {
        var map = new AgentConfigMap { ConfigMap = { ["c"] = new AgentConfigFile { Body = ByteString.CopyFromUtf8(body) } } };
        return new ProfileAssignment(name, 1, priority, map.ToByteArray(), ConfigHash.ToHex(ConfigHash.Compute(map)));
    }

    [Fact]
    public void Resolve_AgentOverride_WinsOverProfiles()
    {
        var own = new AgentRemoteConfig { ConfigHash = ByteString.CopyFromUtf8("own") };
        var (config, source) = DesiredConfig.Resolve(own, [Profile("a", 100, "x")]);
        Assert.Same(own, config);
        Assert.Equal("agent", source);
    }

    [Fact]
    public void Resolve_Profiles_HighestPriorityThenName()
    {
        var (config, source) = DesiredConfig.Resolve(null, [Profile("b", 5, "b"), Profile("a", 5, "a"), Profile("z", 1, "z")]);
        Assert.Equal("a", config!.Config.ConfigMap["c"].Body.ToStringUtf8());
        Assert.Equal("profile:a@1", source);
    }

    [Fact]
    public void Resolve_Nothing_Null() => Assert.Null(DesiredConfig.Resolve(null, []).Config);
}
