using Fleet.Contracts.OpAmp;
using Fleet.Grains.Agents;

namespace Fleet.Tests.Agents;

public class FullStateDecisionTests
{
    private const ulong HealthAndConfig = (ulong)(AgentCapabilities.ReportsStatus | AgentCapabilities.ReportsHealth | AgentCapabilities.ReportsEffectiveConfig);

    [Fact]
    public void NeedsFullState_NewActivationHeartbeat_True() =>
        Assert.True(Decide(null, new AgentToServer { SequenceNum = 5 }));

    [Fact]
    public void NeedsFullState_FirstMessageWithEverythingItReports_False() =>
        Assert.False(Decide(null, Full(1)));

    [Fact]
    public void NeedsFullState_DescriptionWithoutReportingCapabilities_False() =>
        Assert.False(Decide(null, new AgentToServer { SequenceNum = 1, Capabilities = (ulong)AgentCapabilities.ReportsStatus, AgentDescription = new AgentDescription() }));

    [Fact]
    public void NeedsFullState_NextSequenceNumber_False() =>
        Assert.False(Decide(4, new AgentToServer { SequenceNum = 5 }));

    [Theory]
    [InlineData(4ul, 7ul)]
    [InlineData(4ul, 4ul)]
    [InlineData(4ul, 2ul)]
    public void NeedsFullState_GapOrRepeat_True(ulong last, ulong incoming) =>
        Assert.True(Decide(last, new AgentToServer { SequenceNum = incoming }));

    [Fact]
    public void NeedsFullState_GapWithDescriptionOnly_True()
    {
        // The lost messages may have changed health: the description alone does not replace them.
        var known = Full(1);
        var incoming = new AgentToServer { SequenceNum = 9, Capabilities = HealthAndConfig, AgentDescription = new AgentDescription() };
        Assert.True(FullStateDecision.NeedsFullState(2, incoming, Merged(known, incoming)));
    }

    [Fact]
    public void NeedsFullState_GapWithFullReport_False() =>
        Assert.False(Decide(2, Full(9)));

    [Fact]
    public void NeedsFullState_ReconnectLeavingOutWhatTheGrainHolds_False()
    {
        // A reconnecting agent may omit unchanged fields; this grain still has them.
        var known = Full(1);
        var incoming = new AgentToServer { SequenceNum = 1, Capabilities = HealthAndConfig, AgentDescription = new AgentDescription() };
        Assert.False(FullStateDecision.NeedsFullState(null, incoming, Merged(known, incoming)));
    }

    [Fact]
    public void NeedsFullState_ReconnectToServerThatLostTheStatus_True()
    {
        // The server restarted and lost what the agent compressed away: ask for it.
        var incoming = new AgentToServer { SequenceNum = 42, Capabilities = HealthAndConfig, AgentDescription = new AgentDescription() };
        Assert.True(Decide(null, incoming));
    }

    [Fact]
    public void NeedsFullState_FirstMessageEverWithoutHealth_False()
    {
        // Sequence number 1: the agent has never reported before, so it left nothing out.
        var incoming = new AgentToServer { SequenceNum = 1, Capabilities = HealthAndConfig, AgentDescription = new AgentDescription() };
        Assert.False(Decide(null, incoming));
    }

    [Fact]
    public void NeedsFullState_CapabilitiesOmittedButKnown_UsesKnown()
    {
        var known = Full(1);
        var incoming = new AgentToServer { SequenceNum = 9, AgentDescription = new AgentDescription() };
        Assert.True(FullStateDecision.NeedsFullState(2, incoming, Merged(known, incoming)));
    }

    private static bool Decide(ulong? last, AgentToServer incoming) => FullStateDecision.NeedsFullState(last, incoming, incoming);

    private static AgentToServer Merged(AgentToServer known, AgentToServer incoming) => StatusMerge.Merge(known, incoming).Status;

    private static AgentToServer Full(ulong sequenceNum) => new()
    {
        SequenceNum = sequenceNum,
        Capabilities = HealthAndConfig,
        AgentDescription = new AgentDescription(),
        Health = new ComponentHealth { Healthy = true },
        EffectiveConfig = new EffectiveConfig { ConfigMap = new AgentConfigMap() },
    };
}
