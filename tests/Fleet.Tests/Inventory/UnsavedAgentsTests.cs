using Fleet.Contracts.Agents;
using Fleet.Grains.Inventory;

namespace Fleet.Tests.Inventory;

public class UnsavedAgentsTests
{
    private static AgentSummary Summary(Guid uid, bool connected = true) =>
        new(uid, [], [], connected, AgentTransport.WebSocket, DateTimeOffset.UnixEpoch, true, null, null, null, null, 0);

    [Fact]
    public void Take_ChangedAndRemovedAgents_SavesListedOnesAndRemovesTheRest()
    {
        var (kept, gone, untouched) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var agents = new Dictionary<Guid, AgentSummary> { [kept] = Summary(kept), [untouched] = Summary(untouched) };
        var unsaved = new UnsavedAgents();
        unsaved.Add(kept);
        unsaved.Add(gone);
        unsaved.Add(kept);

        var (saved, removed, _) = unsaved.Take(agents);

        Assert.Equal([kept], saved.Select(s => s.InstanceUid));
        Assert.Equal([gone], removed);
        Assert.Equal(0, unsaved.Count);
    }

    [Fact]
    public void Take_AgentChangedAgainAfterwards_SavesItsLatestSummary()
    {
        var uid = Guid.NewGuid();
        var agents = new Dictionary<Guid, AgentSummary> { [uid] = Summary(uid, connected: true) };
        var unsaved = new UnsavedAgents();
        unsaved.Add(uid);
        agents[uid] = Summary(uid, connected: false);

        var (saved, _, _) = unsaved.Take(agents);

        Assert.False(Assert.Single(saved).Connected);
    }

    [Fact]
    public void Restore_FailedWrite_ChangesOwedAgainWithLaterOnes()
    {
        var (first, later) = (Guid.NewGuid(), Guid.NewGuid());
        var agents = new Dictionary<Guid, AgentSummary> { [first] = Summary(first), [later] = Summary(later) };
        var unsaved = new UnsavedAgents();
        unsaved.Add(first);
        var (_, _, taken) = unsaved.Take(agents);
        unsaved.Add(later);

        unsaved.Restore(taken);

        var (saved, _, _) = unsaved.Take(agents);
        Assert.Equal(new[] { first, later }.Order(), saved.Select(s => s.InstanceUid).Order());
    }
}
