using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace Fleet.Gateway.Hosting;

/// <summary>
/// The embedded default's grain storage: state kept in this process for its lifetime as deep copies
/// (stored state never aliases a grain's live objects), with ETags checked as a real store would.
/// </summary>
/// <remarks>
/// Orleans' memory storage sends every read and write as a call to one of a few storage grains: a
/// funnel that a connect storm queues behind (at 18k agents, writes there hit the 30 s call timeout,
/// failed activations, and the agents' retries kept the overload going). Here a write is a dictionary update.
/// Copies rather than serialised bytes: Orleans' copier shares members marked [Immutable] (an agent's
/// encoded status, the bulk of its state), so the store and the grain hold that once, not twice.
/// </remarks>
public sealed class InProcessGrainStorage(DeepCopier copier) : IGrainStorage
{
    // Sized for a fleet, with more lock stripes than cores: a connect storm writes thousands of new
    // agents at once, and the default (one stripe per core, small table) made them queue on its
    // locks and on every resize (a thread-time profile of a 10k storm).
    private readonly ConcurrentDictionary<(string State, GrainId Grain), Stored> _states = new(concurrencyLevel: 64, capacity: 16_384);
    private long _lastETag;

    private sealed record Stored(object? State, string ETag);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_states.TryGetValue((stateName, grainId), out var stored))
        {
            grainState.State = copier.Copy((T)stored.State!);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        var next = new Stored(copier.Copy(grainState.State), NextETag());
        var written = grainState.ETag is null
            ? _states.TryAdd(key, next)
            : _states.TryGetValue(key, out var current) && current.ETag == grainState.ETag && _states.TryUpdate(key, next, current);
        if (!written)
        {
            throw Conflict("write", stateName, grainId, grainState.ETag);
        }
        grainState.ETag = next.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        if (_states.TryGetValue(key, out var current))
        {
            if (current.ETag != grainState.ETag || !_states.TryRemove(KeyValuePair.Create(key, current)))
            {
                throw Conflict("clear", stateName, grainId, grainState.ETag);
            }
        }
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private string NextETag() => Interlocked.Increment(ref _lastETag).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag) =>
        new($"{operation} of {stateName} for {grainId} with ETag '{etag}' does not match the stored state (another activation wrote it)");
}
