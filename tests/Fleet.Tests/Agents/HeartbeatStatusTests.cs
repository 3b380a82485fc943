using Fleet.Contracts.OpAmp;
using Fleet.Grains.Agents;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Agents;

public class HeartbeatStatusTests
{
    private static AgentToServer Everything(Guid uid)
    {
        var status = Messages.First(uid, "collector");
        status.SequenceNum = 7;
        status.Health = new ComponentHealth { Healthy = true, Status = "running" };
        status.EffectiveConfig = new EffectiveConfig { ConfigMap = new AgentConfigMap() };
        status.EffectiveConfig.ConfigMap.ConfigMap[""] = new AgentConfigFile { Body = ByteString.CopyFromUtf8(new string('x', 1024)) };
        status.RemoteConfigStatus = new RemoteConfigStatus { LastRemoteConfigHash = ByteString.CopyFrom(1, 2, 3), Status = RemoteConfigStatuses.Applied };
        status.PackageStatuses = new PackageStatuses { ServerProvidedAllPackagesHash = ByteString.CopyFrom(4, 5) };
        status.CustomCapabilities = new CustomCapabilities { Capabilities = { "io.example.ping" } };
        status.AvailableComponents = new AvailableComponents { Hash = ByteString.CopyFrom(6) };
        status.ConnectionSettingsStatus = new ConnectionSettingsStatus { LastConnectionSettingsHash = ByteString.CopyFrom(7, 8) };
        return status;
    }

    [Fact]
    public void Parse_WholeStatus_KeepsWhatHeartbeatsDecideOnDropsTheBulk()
    {
        var status = Everything(Guid.CreateVersion7());

        var small = HeartbeatStatus.Parse(status.ToByteArray());

        Assert.NotNull(small);
        Assert.Equal(status.InstanceUid, small.InstanceUid);
        Assert.Equal(status.SequenceNum, small.SequenceNum);
        Assert.Equal(status.Capabilities, small.Capabilities);
        Assert.Equal(status.RemoteConfigStatus, small.RemoteConfigStatus);
        Assert.Equal(status.PackageStatuses, small.PackageStatuses);
        Assert.Equal(status.CustomCapabilities, small.CustomCapabilities);
        Assert.Equal(status.ConnectionSettingsStatus, small.ConnectionSettingsStatus);
        Assert.Null(small.AgentDescription);
        Assert.Null(small.Health);
        Assert.Null(small.EffectiveConfig);
        Assert.Null(small.AvailableComponents);
    }

    [Fact]
    public void Parse_Empty_EmptyStatus()
    {
        var small = HeartbeatStatus.Parse([]);

        Assert.NotNull(small);
        Assert.Equal(new AgentToServer(), small);
    }

    [Theory]
    [InlineData(10)] // inside the instance uid's 16 bytes
    [InlineData(1)] // a tag without its value
    public void Parse_Truncated_Null(int keep)
    {
        var encoded = Everything(Guid.CreateVersion7()).ToByteArray();

        Assert.Null(HeartbeatStatus.Parse(encoded.AsSpan(0, keep)));
    }

    [Fact]
    public void Parse_GroupWireType_Null() =>
        Assert.Null(HeartbeatStatus.Parse([(20 << 3) | 3]));

    [Fact]
    public void IsPlain_SequenceCapabilitiesAndFlagsOnly_True()
    {
        var heartbeat = Messages.Next(Guid.CreateVersion7(), 5);
        heartbeat.Flags = (ulong)AgentToServerFlags.RequestInstanceUid;

        Assert.True(HeartbeatStatus.IsPlain(heartbeat));
    }

    [Fact]
    public void IsPlain_AnyStatusField_False()
    {
        var whole = Everything(Guid.CreateVersion7());
        var fields = new Action<AgentToServer>[]
        {
            m => m.AgentDescription = whole.AgentDescription,
            m => m.Health = whole.Health,
            m => m.EffectiveConfig = whole.EffectiveConfig,
            m => m.RemoteConfigStatus = whole.RemoteConfigStatus,
            m => m.PackageStatuses = whole.PackageStatuses,
            m => m.CustomCapabilities = whole.CustomCapabilities,
            m => m.AvailableComponents = whole.AvailableComponents,
            m => m.ConnectionSettingsStatus = whole.ConnectionSettingsStatus,
        };
        foreach (var set in fields)
        {
            var message = Messages.Next(Guid.CreateVersion7(), 5);
            set(message);
            Assert.False(HeartbeatStatus.IsPlain(message));
        }
    }
}
