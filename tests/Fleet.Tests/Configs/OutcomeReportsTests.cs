using Fleet.Contracts.Configs;
using Fleet.Contracts.OpAmp;
using Fleet.Grains.Configs;
using Google.Protobuf;

namespace Fleet.Tests.Configs;

public class OutcomeReportsTests
{
    private static readonly ByteString Desired = ByteString.CopyFrom(1, 2, 3);
    private static readonly ByteString Other = ByteString.CopyFrom(9, 9, 9);

    private static RemoteConfigStatus Status(ByteString hash, RemoteConfigStatuses status) =>
        new() { LastRemoteConfigHash = hash, Status = status };

    [Theory]
    [InlineData(RemoteConfigStatuses.Applying)]
    [InlineData(RemoteConfigStatuses.Applied)]
    [InlineData(RemoteConfigStatuses.Failed)]
    public void OnStatusChange_NewStatusForDesiredHash_True(RemoteConfigStatuses status)
    {
        Assert.True(OutcomeReports.OnStatusChange(Status(Other, RemoteConfigStatuses.Applied), Status(Desired, status), Desired));
        Assert.True(OutcomeReports.OnStatusChange(null, Status(Desired, status), Desired));
    }

    [Fact]
    public void OnStatusChange_ApplyingToApplied_True() =>
        Assert.True(OutcomeReports.OnStatusChange(Status(Desired, RemoteConfigStatuses.Applying), Status(Desired, RemoteConfigStatuses.Applied), Desired));

    [Fact]
    public void OnStatusChange_SameStatusAgain_False() =>
        Assert.False(OutcomeReports.OnStatusChange(Status(Desired, RemoteConfigStatuses.Applied), Status(Desired, RemoteConfigStatuses.Applied), Desired));

    [Fact]
    public void OnStatusChange_NotInMessage_False() =>
        Assert.False(OutcomeReports.OnStatusChange(Status(Desired, RemoteConfigStatuses.Applying), null, Desired));

    [Fact]
    public void OnStatusChange_AboutAnotherConfig_False() =>
        Assert.False(OutcomeReports.OnStatusChange(null, Status(Other, RemoteConfigStatuses.Applied), Desired));

    [Fact]
    public void OnStatusChange_NothingDesired_False() =>
        Assert.False(OutcomeReports.OnStatusChange(null, Status(Desired, RemoteConfigStatuses.Applied), null));

    [Fact]
    public void OnStatusChange_Unset_False() =>
        Assert.False(OutcomeReports.OnStatusChange(null, Status(Desired, RemoteConfigStatuses.Unset), Desired));

    [Theory]
    [InlineData(true, "h1", "APPLIED", "h1", true)]
    [InlineData(true, "h1", "FAILED", "h1", true)]
    [InlineData(false, "h0", "APPLIED", "h1", true)]
    [InlineData(true, "h9", "APPLIED", "h9", true)]
    [InlineData(true, "h0", "APPLIED", "h1", false)]
    [InlineData(true, null, "UNSET", "h1", false)]
    public void AtAssignment_OnlyWhenNoStatusChangeWillFollow(bool connected, string? reported, string status, string desired, bool expected) =>
        Assert.Equal(expected, OutcomeReports.AtAssignment(new AgentConfigState(connected, reported, status, desired), "h1"));

    [Fact]
    public void AtAssignment_AgentNeverSeen_True() => Assert.True(OutcomeReports.AtAssignment(null, "h1"));
}
