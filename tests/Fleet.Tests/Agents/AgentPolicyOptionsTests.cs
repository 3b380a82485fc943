using Fleet.Grains.Agents;

namespace Fleet.Tests.Agents;

public class AgentPolicyOptionsTests
{
    [Theory]
    [InlineData(30, 60, 60)]   // the defaults: every second heartbeat refreshes
    [InlineData(120, 60, 180)] // slow heartbeats: still every second one, not each
    [InlineData(10, 60, 60)]
    public void EffectiveLastSeenRefresh_HeartbeatAndRefresh_NeverUnderOneAndAHalfHeartbeats(int heartbeatSeconds, int refreshSeconds, int expectedSeconds)
    {
        var options = new AgentPolicyOptions
        {
            HeartbeatInterval = TimeSpan.FromSeconds(heartbeatSeconds),
            LastSeenRefresh = TimeSpan.FromSeconds(refreshSeconds),
        };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), options.EffectiveLastSeenRefresh);
    }
}
