using Fleet.Contracts.OpAmp;
using Fleet.Grains.Agents;
using Google.Protobuf;

namespace Fleet.Tests.Agents;

public class AgentRepliesTests
{
    private static readonly AgentRemoteConfig Desired = new() { ConfigHash = ByteString.CopyFromUtf8("h1"), Config = new AgentConfigMap() };

    private static AgentToServer Status(AgentCapabilities caps, string? reportedHash = null) => new()
    {
        Capabilities = (ulong)caps,
        RemoteConfigStatus = reportedHash is null ? null : new RemoteConfigStatus { LastRemoteConfigHash = ByteString.CopyFromUtf8(reportedHash) },
    };

    [Fact]
    public void ConfigOwed_AgentAcceptsAndHasOtherHash_True() =>
        Assert.True(AgentReplies.ConfigOwed(Status(AgentCapabilities.AcceptsRemoteConfig, "h0"), Desired, null));

    [Fact]
    public void ConfigOwed_AgentReportedDesiredHash_False() =>
        Assert.False(AgentReplies.ConfigOwed(Status(AgentCapabilities.AcceptsRemoteConfig, "h1"), Desired, null));

    [Fact]
    public void ConfigOwed_AlreadySentOnThisConnection_False() =>
        Assert.False(AgentReplies.ConfigOwed(Status(AgentCapabilities.AcceptsRemoteConfig), Desired, Desired.ConfigHash));

    [Fact]
    public void ConfigOwed_AgentDoesNotAcceptRemoteConfig_False() =>
        Assert.False(AgentReplies.ConfigOwed(Status(AgentCapabilities.ReportsStatus), Desired, null));

    [Fact]
    public void HeartbeatOwed_ReportsHeartbeatNotYetOffered_True() =>
        Assert.True(AgentReplies.HeartbeatOwed(Status(AgentCapabilities.ReportsHeartbeat), offeredOnConnection: false));

    [Fact]
    public void HeartbeatOwed_NoHeartbeatCapability_False() =>
        Assert.False(AgentReplies.HeartbeatOwed(Status(AgentCapabilities.ReportsStatus), offeredOnConnection: false));

    [Fact]
    public void Reply_Always_CarriesUidAndServerCapabilities()
    {
        var uid = ByteString.CopyFrom(new byte[16]);
        var reply = AgentReplies.Reply(new ReplyPlan(uid, ReportFullState: true, HeartbeatInterval: TimeSpan.FromSeconds(15)));
        Assert.Equal(uid, reply.InstanceUid);
        Assert.Equal(ServerCapabilitySet.Current, reply.Capabilities);
        Assert.Equal((ulong)ServerToAgentFlags.ReportFullState, reply.Flags);
        Assert.Equal(15ul, reply.ConnectionSettings.Opamp.HeartbeatIntervalSeconds);
        Assert.False(reply.ConnectionSettings.Hash.IsEmpty);
    }

    [Fact]
    public void ServerCapabilities_DeclareWhatTheServerDoes()
    {
        var caps = (ServerCapabilities)ServerCapabilitySet.Current;
        Assert.True(caps.HasFlag(ServerCapabilities.AcceptsStatus));
        Assert.True(caps.HasFlag(ServerCapabilities.OffersRemoteConfig));
        Assert.True(caps.HasFlag(ServerCapabilities.AcceptsEffectiveConfig));
        Assert.True(caps.HasFlag(ServerCapabilities.OffersConnectionSettings));
        Assert.True(caps.HasFlag(ServerCapabilities.OffersPackages));
        Assert.True(caps.HasFlag(ServerCapabilities.AcceptsConnectionSettingsRequest));
    }
}
