using System.Collections.Concurrent;
using Orleans.Storage;

namespace Fleet.Tests.Infrastructure;

/// <summary>In-memory grain storage that counts writes per grain, to check what is (and is not) persisted.</summary>
public sealed class CountingGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainId, object> _states = new();
    private readonly ConcurrentDictionary<GrainId, int> _writes = new();

    private readonly ConcurrentDictionary<GrainId, bool> _failing = new();

    public int Writes(GrainId grain) => _writes.GetValueOrDefault(grain);

    /// <summary>From now on writes of this grain fail, as a store that times out does.</summary>
    public void FailWrites(GrainId grain) => _failing[grain] = true;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_states.TryGetValue(grainId, out var state))
        {
            grainState.State = (T)state;
            grainState.RecordExists = true;
            grainState.ETag = "1";
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_failing.ContainsKey(grainId))
        {
            return Task.FromException(new TimeoutException($"write of {grainId} timed out (injected)"));
        }
        _states[grainId] = grainState.State!;
        _writes.AddOrUpdate(grainId, 1, (_, n) => n + 1);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _states.TryRemove(grainId, out _);
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
