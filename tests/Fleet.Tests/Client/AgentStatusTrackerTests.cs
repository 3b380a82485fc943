using Fleet.Client;
using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Tests.Client;

public class AgentStatusTrackerTests
{
    private static AgentStatusTracker NewTracker() => new(Guid.CreateVersion7(), new AgentDescription(), 0);

    private static RemoteConfigStatus Applied(int n) =>
        new() { Status = RemoteConfigStatuses.Applied, LastRemoteConfigHash = ByteString.CopyFromUtf8(n.ToString(System.Globalization.CultureInfo.InvariantCulture)) };

    [Fact]
    public void NextMessage_UnchangedSinceLastMessage_OmitsTheField()
    {
        var tracker = NewTracker();
        tracker.RemoteConfigStatus = Applied(1);
        Assert.NotNull(tracker.NextMessage().RemoteConfigStatus);

        Assert.Null(tracker.NextMessage().RemoteConfigStatus);
    }

    [Fact]
    public void NextMessage_ForceFullState_SendsEveryFieldAgain()
    {
        var tracker = NewTracker();
        tracker.RemoteConfigStatus = Applied(1);
        tracker.NextMessage();

        tracker.ForceFullState();

        Assert.Equal(Applied(1), tracker.NextMessage().RemoteConfigStatus);
    }

    [Fact]
    public void NextMessage_FieldSetWhileBuilding_NeverCountedAsSentUnsent()
    {
        // A handler sets the status once while the send loop builds a message (an agent applying a
        // config during a heartbeat). Whatever the interleaving, the next message must carry it if the
        // racing one did not.
        for (var trial = 0; trial < 20_000; trial++)
        {
            var tracker = NewTracker();
            tracker.NextMessage();
            var set = Applied(trial);
            RemoteConfigStatus? racing = null;
            Parallel.Invoke(
                () => tracker.RemoteConfigStatus = set,
                () => racing = tracker.NextMessage().RemoteConfigStatus);

            var received = tracker.NextMessage().RemoteConfigStatus ?? racing;

            Assert.Equal(set, received);
        }
    }
    [Fact]
    public void NextMessage_FieldChangedInPlaceAfterSending_SentAgainWithTheChange()
    {
        var tracker = NewTracker();
        tracker.Health = new ComponentHealth { Healthy = true, Status = "running" };
        tracker.NextMessage();

        tracker.Health!.Healthy = false; // the caller's own object, changed where it lies
        tracker.Health.Status = "crashed";
        var changed = tracker.NextMessage();

        Assert.False(changed.Health.Healthy);
        Assert.Equal("crashed", changed.Health.Status);
        Assert.Null(tracker.NextMessage().Health);
    }

    [Fact]
    public void NextMessage_SentMessageChangedBeforeSending_NextMessageSetsItRight()
    {
        var tracker = NewTracker();
        tracker.Health = new ComponentHealth { Healthy = true };

        tracker.NextMessage().Health.Healthy = false; // a MessageSending handler changing what goes out

        Assert.True(tracker.Health!.Healthy);
        Assert.True(tracker.NextMessage().Health.Healthy);
    }
}
