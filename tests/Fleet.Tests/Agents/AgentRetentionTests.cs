using Fleet.Contracts.Agents;
using Fleet.Grains.Agents;

namespace Fleet.Tests.Agents;

public class AgentRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(false, false, null, ForgetOutcome.UnknownAgent)]
    [InlineData(true, true, null, ForgetOutcome.Connected)]
    [InlineData(true, false, null, ForgetOutcome.Forgotten)]
    [InlineData(true, false, -60, ForgetOutcome.SeenSince)] // heard from after the sweep's cut-off
    [InlineData(true, false, 60, ForgetOutcome.Forgotten)]
    [InlineData(true, false, 0, ForgetOutcome.Forgotten)] // last seen exactly at the cut-off
    [InlineData(true, true, 60, ForgetOutcome.Connected)]
    public void Decide_KnownConnectedAndCutoff_Outcome(bool known, bool connected, int? cutoffSecondsAfterLastSeen, ForgetOutcome expected)
    {
        DateTimeOffset? silentSince = cutoffSecondsAfterLastSeen is { } seconds ? Now.AddSeconds(seconds) : null;

        Assert.Equal(expected, AgentRetention.Decide(known, connected, Now, silentSince));
    }

    [Fact]
    public void Expired_MixedFleet_OnlyOfflineAgentsSilentSinceTheCutoff()
    {
        var cutoff = Now.AddDays(-7);
        var old = Summary(connected: false, lastSeen: cutoff.AddHours(-1));
        var atCutoff = Summary(connected: false, lastSeen: cutoff);
        var recent = Summary(connected: false, lastSeen: cutoff.AddHours(1));
        // Connected agents stay, however stale their last-seen (a WebSocket agent that never heartbeats).
        var connectedOld = Summary(connected: true, lastSeen: cutoff.AddDays(-30));

        var expired = AgentRetention.Expired([old, atCutoff, recent, connectedOld], cutoff);

        Assert.Equal([old.InstanceUid, atCutoff.InstanceUid], expired);
    }

    [Theory]
    [InlineData(5, 1)]                 // a test's few seconds: never more often than a second
    [InlineData(600, 60)]              // a tenth of the retention
    [InlineData(7 * 24 * 3600, 3600)]  // a week: hourly at most
    public void SweepInterval_Retention_ATenthBetweenASecondAndAnHour(int retentionSeconds, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), AgentRetention.SweepInterval(TimeSpan.FromSeconds(retentionSeconds)));
    }

    [Theory]
    [InlineData("00:00:00", true)]
    [InlineData("7.00:00:00", true)]
    [InlineData("00:01:31", true)]
    [InlineData("00:01:30", false)] // the default offline window itself: the agent would not be listed offline yet
    [InlineData("00:00:10", false)]
    [InlineData("-00:00:01", false)]
    public void Validate_ForgetOfflineAfter_LongerThanTheOfflineWindowOrOff(string forgetAfter, bool valid)
    {
        var options = new AgentPolicyOptions { ForgetOfflineAfter = TimeSpan.Parse(forgetAfter, System.Globalization.CultureInfo.InvariantCulture) };

        var result = new AgentPolicyOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Fleet:Agents:ForgetOfflineAfter", result.FailureMessage);
        }
    }

    [Theory]
    [InlineData("00:00:00", true)]
    [InlineData("00:00:01", true)]
    [InlineData("00:10:00", true)]
    [InlineData("00:00:00.5", false)]
    [InlineData("-00:00:01", false)]
    public void Validate_QuietAgentCheck_OffOrAtLeastASecond(string check, bool valid)
    {
        var options = new AgentPolicyOptions { QuietAgentCheck = TimeSpan.Parse(check, System.Globalization.CultureInfo.InvariantCulture) };

        var result = new AgentPolicyOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Fleet:Agents:QuietAgentCheck", result.FailureMessage);
        }
    }

    private static AgentSummary Summary(bool connected, DateTimeOffset lastSeen) =>
        new(Guid.NewGuid(), [], [], connected, AgentTransport.WebSocket, lastSeen, true, null, null, null, null, 0);
}
