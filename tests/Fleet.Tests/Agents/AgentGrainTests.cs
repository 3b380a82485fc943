using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;
using Orleans.Core.Internal;

namespace Fleet.Tests.Agents;

public class AgentGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static readonly AgentConnection Connection = new(Guid.CreateVersion7(), AgentTransport.WebSocket, "test-gateway", null);

    private static AgentEnvelope Envelope(AgentToServer message, AgentConnection? connection = null) =>
        new(message.ToByteArray(), connection ?? Connection);

    private static ServerToAgent Decode(AgentReply reply) => ServerToAgent.Parser.ParseFrom(reply.Message);

    private static AgentToServer Unhealthy(Guid uid, ulong seq)
    {
        var message = Messages.Next(uid, seq);
        message.Health = new ComponentHealth { Healthy = false, Status = "exporter failing" };
        return message;
    }

    [Fact]
    public async Task Receive_Heartbeats_AreNotStorageWrites()
    {
        var uid = Guid.CreateVersion7();
        var grain = fixture.Grains.GetGrain<IAgentGrain>(uid);
        var grainId = grain.GetGrainId();

        await grain.Receive(Envelope(Messages.First(uid)));
        Assert.Equal(1, fixture.AgentStorage.Writes(grainId));

        for (ulong seq = 2; seq <= 21; seq++)
        {
            Assert.Equal(0ul, Decode(await grain.Receive(Envelope(Messages.Next(uid, seq)))).Flags);
        }
        Assert.Equal(1, fixture.AgentStorage.Writes(grainId));

        var change = Messages.Next(uid, 22);
        change.Health = new ComponentHealth { Healthy = false };
        await grain.Receive(Envelope(change));
        Assert.Equal(2, fixture.AgentStorage.Writes(grainId));
    }

    [Fact]
    public async Task Deactivate_StatusAndDesiredConfig_SurviveAndFullStateRequested()
    {
        var uid = Guid.CreateVersion7();
        var grain = fixture.Grains.GetGrain<IAgentGrain>(uid);
        await grain.Receive(Envelope(Messages.First(uid, "survivor")));
        var set = await grain.SetRemoteConfig(new RemoteConfigRequest(new() { ["a.yaml"] = new ConfigFile("x: 1", "text/yaml") }));
        Assert.Equal(SetConfigOutcome.Pending, set.Outcome); // no gateway observer in this test

        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(200);

        var detail = await grain.GetDetail();
        Assert.NotNull(detail);
        Assert.Equal("survivor", detail.Summary.IdentifyingAttributes["service.name"]);
        Assert.Equal(set.ConfigHash, detail.Summary.DesiredConfigHash);

        // A fresh activation cannot trust a compressed message: it asks for everything, and sends the config.
        var reply = Decode(await grain.Receive(Envelope(Messages.Next(uid, 2))));
        Assert.Equal((ulong)ServerToAgentFlags.ReportFullState, reply.Flags & (ulong)ServerToAgentFlags.ReportFullState);
        Assert.Equal(set.ConfigHash, Convert.ToHexStringLower(reply.RemoteConfig.ConfigHash.Span));
    }

    [Fact]
    public async Task Disconnected_AfterReactivation_StatusStillStored()
    {
        // The grain holds only the parsed status between writes: a write that is not a status change
        // (here a disconnect in a fresh activation) must still store it.
        var uid = Guid.CreateVersion7();
        var grain = fixture.Grains.GetGrain<IAgentGrain>(uid);
        await grain.Receive(Envelope(Messages.First(uid, "kept")));
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(200);

        await grain.Disconnected(Connection.ConnectionId);
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(200);

        var detail = await grain.GetDetail();
        Assert.NotNull(detail);
        Assert.False(detail.Summary.Connected);
        Assert.Equal("kept", detail.Summary.IdentifyingAttributes["service.name"]);
    }

    [Fact]
    public async Task Receive_ChangeThenHeartbeats_ChangeKeptInMemoryAndStorage()
    {
        // Between calls the grain keeps its status encoded only: a change must survive the calls after
        // it (which parse it again) and a new activation.
        var uid = Guid.CreateVersion7();
        var grain = fixture.Grains.GetGrain<IAgentGrain>(uid);
        await grain.Receive(Envelope(Messages.First(uid)));
        await grain.Receive(Envelope(Unhealthy(uid, 2)));
        await grain.Receive(Envelope(Messages.Next(uid, 3)));
        await grain.Receive(Envelope(Messages.Next(uid, 4)));

        var detail = await grain.GetDetail();
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(200);
        var reactivated = await grain.GetDetail();

        foreach (var seen in new[] { detail, reactivated })
        {
            var status = AgentToServer.Parser.ParseFrom(seen!.Status);
            Assert.False(status.Health.Healthy);
            Assert.Equal("exporter failing", status.Health.Status);
        }
    }

    [Fact]
    public async Task Receive_HeartbeatWithNewCapabilities_CapabilitiesStoredDescriptionKept()
    {
        // Heartbeats are decided on the status without its description: one that changes capabilities
        // must still merge into (and store) the whole status.
        var uid = Guid.CreateVersion7();
        var grain = fixture.Grains.GetGrain<IAgentGrain>(uid);
        await grain.Receive(Envelope(Messages.First(uid, "whole")));
        await grain.Receive(Envelope(Messages.Next(uid, 2)));
        var more = Messages.Caps | (ulong)AgentCapabilities.AcceptsRestartCommand;

        await grain.Receive(Envelope(Messages.Next(uid, 3, more)));
        await grain.Receive(Envelope(Messages.Next(uid, 4, more)));
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(200);

        var detail = await grain.GetDetail();
        var status = AgentToServer.Parser.ParseFrom(detail!.Status);
        Assert.Equal(more, status.Capabilities);
        Assert.Equal("whole", detail.Summary.IdentifyingAttributes["service.name"]);
        Assert.Equal("running", status.Health.Status);
        Assert.Equal(2, fixture.AgentStorage.Writes(grain.GetGrainId()));
    }

    [Fact]
    public async Task Receive_StatusChangeWriteFails_NextActivationHasStoredStatus()
    {
        // Memory ahead of storage after a failed write: the grain deactivates, and what it stored before
        // comes back, not the unwritten change.
        var uid = Guid.CreateVersion7();
        var grain = fixture.Grains.GetGrain<IAgentGrain>(uid);
        await grain.Receive(Envelope(Messages.First(uid)));
        fixture.AgentStorage.FailWrites(grain.GetGrainId());

        await Assert.ThrowsAnyAsync<Exception>(() => grain.Receive(Envelope(Unhealthy(uid, 2))));
        await Task.Delay(200);
        var detail = await grain.GetDetail();

        var status = AgentToServer.Parser.ParseFrom(detail!.Status);
        Assert.True(status.Health.Healthy);
        Assert.Equal("running", status.Health.Status);
    }

    [Fact]
    public async Task Receive_ConfigAlreadySentOnThisSocket_NotRepeatedOnHeartbeat()
    {
        var uid = Guid.CreateVersion7();
        var grain = fixture.Grains.GetGrain<IAgentGrain>(uid);
        await grain.Receive(Envelope(Messages.First(uid)));
        await grain.SetRemoteConfig(new RemoteConfigRequest(new() { ["a.yaml"] = new ConfigFile("x: 2", "text/yaml") }));

        var first = Decode(await grain.Receive(Envelope(Messages.Next(uid, 2))));
        var second = Decode(await grain.Receive(Envelope(Messages.Next(uid, 3))));

        Assert.NotNull(first.RemoteConfig);
        Assert.Null(second.RemoteConfig);
    }

    [Fact]
    public async Task Disconnected_OldConnectionId_Ignored()
    {
        var uid = Guid.CreateVersion7();
        var grain = fixture.Grains.GetGrain<IAgentGrain>(uid);
        await grain.Receive(Envelope(Messages.First(uid)));

        await grain.Disconnected(Guid.CreateVersion7());

        Assert.True((await grain.GetDetail())!.Summary.Connected);
        await grain.Disconnected(Connection.ConnectionId);
        Assert.False((await grain.GetDetail())!.Summary.Connected);
    }

    [Fact]
    public async Task Disconnected_StorageWriteFails_StillListedDisconnected()
    {
        var uid = Guid.CreateVersion7();
        var grain = fixture.Grains.GetGrain<IAgentGrain>(uid);
        await grain.Receive(Envelope(Messages.First(uid, "mass-disconnect")));
        Assert.True(await Listed(uid) is { Connected: true });
        fixture.AgentStorage.FailWrites(grain.GetGrainId());

        await Assert.ThrowsAnyAsync<Exception>(() => grain.Disconnected(Connection.ConnectionId));

        Assert.True(await Listed(uid) is { Connected: false }, "the directory still lists the agent as connected");
    }

    private async Task<AgentSummary?> Listed(Guid uid)
    {
        var shard = fixture.Grains.GetGrain<Fleet.Contracts.Inventory.IAgentDirectoryGrain>(Fleet.Contracts.Inventory.AgentDirectory.ShardOf(uid));
        return (await shard.List()).SingleOrDefault(s => s.InstanceUid == uid);
    }

    [Fact]
    public async Task GetDetail_NeverReported_Null() =>
        Assert.Null(await fixture.Grains.GetGrain<IAgentGrain>(Guid.CreateVersion7()).GetDetail());
}
