using Fleet.Contracts.OpAmp;
using Fleet.Grains.Agents;

namespace Fleet.Tests.Agents;

public class FullStateDecisionTests
{
    [Fact]
    public void NeedsFullState_NewActivationHeartbeat_True() =>
        Assert.True(FullStateDecision.NeedsFullState(null, new AgentToServer { SequenceNum = 5 }));

    [Fact]
    public void NeedsFullState_MessageWithDescription_False() =>
        Assert.False(FullStateDecision.NeedsFullState(null, new AgentToServer { SequenceNum = 1, AgentDescription = new AgentDescription() }));

    [Fact]
    public void NeedsFullState_NextSequenceNumber_False() =>
        Assert.False(FullStateDecision.NeedsFullState(4, new AgentToServer { SequenceNum = 5 }));

    [Theory]
    [InlineData(4ul, 7ul)]
    [InlineData(4ul, 4ul)]
    [InlineData(4ul, 2ul)]
    public void NeedsFullState_GapOrRepeat_True(ulong last, ulong incoming) =>
        Assert.True(FullStateDecision.NeedsFullState(last, new AgentToServer { SequenceNum = incoming }));
}
