using Fleet.Contracts.OpAmp;
using Fleet.Grains.Agents;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Agents;

public class StatusMergeTests
{
    private static AgentToServer Full() => new()
    {
        InstanceUid = ByteString.CopyFrom(new byte[16]),
        SequenceNum = 1,
        Capabilities = 7,
        AgentDescription = Infrastructure.Agents.Description("svc"),
        Health = new ComponentHealth { Healthy = true, Status = "ok" },
        EffectiveConfig = new EffectiveConfig { ConfigMap = new AgentConfigMap { ConfigMap = { ["a"] = new AgentConfigFile { Body = ByteString.CopyFromUtf8("x") } } } },
    };

    [Fact]
    public void Merge_NothingKnown_TakesMessageAndReportsChange()
    {
        var (status, changed) = StatusMerge.Merge(null, Full());
        Assert.True(changed);
        Assert.Equal("svc", status.AgentDescription.IdentifyingAttributes[0].Value.StringValue);
    }

    [Fact]
    public void Merge_CompressedMessage_KeepsOmittedFields()
    {
        var (known, _) = StatusMerge.Merge(null, Full());
        var heartbeatWithHealth = new AgentToServer { SequenceNum = 2, Capabilities = 7, Health = new ComponentHealth { Healthy = false, LastError = "boom" } };

        var (status, changed) = StatusMerge.Merge(known, heartbeatWithHealth);

        Assert.True(changed);
        Assert.False(status.Health.Healthy);
        Assert.Equal(known.AgentDescription, status.AgentDescription);
        Assert.Equal(known.EffectiveConfig, status.EffectiveConfig);
    }

    [Fact]
    public void Merge_HeartbeatOnly_IsNotAChange()
    {
        var (known, _) = StatusMerge.Merge(null, Full());
        var (_, changed) = StatusMerge.Merge(known, new AgentToServer { SequenceNum = 2, Capabilities = 7 });
        Assert.False(changed);
    }

    [Fact]
    public void Merge_SameValuesResent_IsNotAChange()
    {
        var (known, _) = StatusMerge.Merge(null, Full());
        var again = Full();
        again.SequenceNum = 2;
        var (_, changed) = StatusMerge.Merge(known, again);
        Assert.False(changed);
    }

    [Fact]
    public void Merge_CapabilitiesZero_KeepsKnownCapabilities()
    {
        var (known, _) = StatusMerge.Merge(null, Full());
        var (status, _) = StatusMerge.Merge(known, new AgentToServer { SequenceNum = 2 });
        Assert.Equal(7ul, status.Capabilities);
    }

    [Fact]
    public void Merge_ChangedParts_TakenFromTheIncomingMessageUncopied()
    {
        var (known, _) = StatusMerge.Merge(null, Full());
        var incoming = new AgentToServer { InstanceUid = known.InstanceUid, SequenceNum = 2, Health = new ComponentHealth { Healthy = false } };

        var (status, changed) = StatusMerge.Merge(known, incoming);

        Assert.True(changed);
        Assert.NotSame(known, status);
        Assert.Same(incoming.Health, status.Health); // handed over: the message is the grain's, parsed for this call
        Assert.Same(known.EffectiveConfig, status.EffectiveConfig);
        Assert.True(known.Health.Healthy); // the known status itself is never changed
    }

    [Fact]
    public void Merge_HeartbeatOnly_ReturnsKnownStatusWithoutCopying()
    {
        var (known, _) = StatusMerge.Merge(null, Full());
        var (status, _) = StatusMerge.Merge(known, new AgentToServer { InstanceUid = known.InstanceUid, SequenceNum = 2, Capabilities = 7 });
        Assert.Same(known, status);
    }

    [Fact]
    public void Merge_HealthChange_LeavesKnownStatusUntouchedAndSharesUnchangedParts()
    {
        var (known, _) = StatusMerge.Merge(null, Full());
        var (status, _) = StatusMerge.Merge(known, new AgentToServer { InstanceUid = known.InstanceUid, SequenceNum = 2, Health = new ComponentHealth { Healthy = false } });

        Assert.True(known.Health.Healthy);
        Assert.False(status.Health.Healthy);
        Assert.Same(known.EffectiveConfig, status.EffectiveConfig);
    }
}
