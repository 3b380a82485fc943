using Fleet.Gateway.Hosting;
using Fleet.Grains.Agents;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Fleet.Tests.Hosting;

public class InProcessGrainStorageTests
{
    private static readonly GrainId Grain = GrainId.Create("agent", Guid.NewGuid().ToString("N"));

    private readonly InProcessGrainStorage _storage = new(
        new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(AgentState).Assembly)).BuildServiceProvider().GetRequiredService<DeepCopier>());

    private static AgentState State(byte marker) => new() { OverrideConfig = [marker], FirstSeen = DateTimeOffset.UnixEpoch };

    [Fact]
    public async Task WriteThenRead_StoredCopyComesBackNotTheLiveObject()
    {
        var written = new GrainState<AgentState>(State(1));
        await _storage.WriteStateAsync("agent", Grain, written);
        written.State!.Profiles["later"] = null!;

        var read = new GrainState<AgentState>(new AgentState());
        await _storage.ReadStateAsync("agent", Grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal([1], read.State!.OverrideConfig!);
        Assert.Empty(read.State!.Profiles);
    }

    [Fact]
    public async Task WriteThenRead_EncodedStatus_SharedNotCopied()
    {
        // The status is [Immutable]: the store keeps the grain's array rather than a second copy of it.
        var written = new GrainState<AgentState>(State(1) with { Status = [1, 2, 3] });
        await _storage.WriteStateAsync("agent", Grain, written);

        var read = new GrainState<AgentState>(new AgentState());
        await _storage.ReadStateAsync("agent", Grain, read);

        Assert.Same(written.State!.Status, read.State!.Status);
        Assert.NotSame(written.State.Profiles, read.State.Profiles);
    }

    [Fact]
    public async Task Read_NothingStored_StateLeftAsCreated()
    {
        var read = new GrainState<AgentState>(State(9));
        await _storage.ReadStateAsync("agent", GrainId.Create("agent", "never-written"), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal([9], read.State!.OverrideConfig!);
    }

    [Fact]
    public async Task Write_StaleETag_RefusedAndStoredStateKept()
    {
        var first = new GrainState<AgentState>(State(1));
        await _storage.WriteStateAsync("agent", Grain, first);
        var stale = new GrainState<AgentState>(State(2)) { ETag = first.ETag };
        await _storage.WriteStateAsync("agent", Grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("agent", Grain, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("agent", Grain, new GrainState<AgentState>(State(3))));

        var read = new GrainState<AgentState>(new AgentState());
        await _storage.ReadStateAsync("agent", Grain, read);
        Assert.Equal([1], read.State!.OverrideConfig!);
    }

    [Fact]
    public async Task Clear_ThenRead_NothingStoredAndOtherStateNamesUntouched()
    {
        var agent = new GrainState<AgentState>(State(1));
        await _storage.WriteStateAsync("agent", Grain, agent);
        var other = new GrainState<AgentState>(State(2));
        await _storage.WriteStateAsync("other", Grain, other);

        await _storage.ClearStateAsync("agent", Grain, agent);

        var read = new GrainState<AgentState>(new AgentState());
        await _storage.ReadStateAsync("agent", Grain, read);
        Assert.False(agent.RecordExists);
        Assert.False(read.RecordExists);
        var otherRead = new GrainState<AgentState>(new AgentState());
        await _storage.ReadStateAsync("other", Grain, otherRead);
        Assert.Equal([2], otherRead.State!.OverrideConfig!);
    }
}
