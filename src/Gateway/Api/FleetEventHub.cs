using System.Collections.Concurrent;
using System.Threading.Channels;
using Fleet.Contracts.Inventory;

namespace Fleet.Gateway.Api;

/// <summary>
/// Relays fleet changes from the directory shards to this gateway's event-stream clients. Subscribes
/// on the first client and renews every minute — which also re-attaches after a shard moved to another
/// silo. A renewal that finds no client left unsubscribes instead, so a gateway nobody watches is not
/// sent every change in the fleet. A slow client loses its oldest events, never blocks the others.
/// </summary>
public sealed partial class FleetEventHub(IGrainFactory grains, TimeProvider clock, ILogger<FleetEventHub> logger) : IFleetEventObserver, IDisposable
{
    private const int ClientBuffer = 10_000;
    private readonly ConcurrentDictionary<Guid, Channel<AgentEvent>> _clients = new();
    private readonly SemaphoreSlim _registering = new(1, 1);
    private IFleetEventObserver? _reference;
    private ITimer? _renewal;

    /// <summary>How often subscriptions are renewed; shards drop a subscriber not renewed in two minutes.</summary>
    public TimeSpan Renewal { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether the shards currently send their changes to this gateway.</summary>
    public bool IsSubscribed => Volatile.Read(ref _reference) is not null;

    public async Task<(Guid Id, ChannelReader<AgentEvent> Events)> Connect()
    {
        var channel = Channel.CreateBounded<AgentEvent>(new BoundedChannelOptions(ClientBuffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var id = Guid.NewGuid();
        // Registered before subscribing: a renewal running now then sees a client and does not tear down.
        _clients[id] = channel;
        try
        {
            await EnsureSubscribed();
        }
        catch
        {
            _clients.TryRemove(id, out _);
            throw;
        }
        return (id, channel.Reader);
    }

    public void Disconnect(Guid id) => _clients.TryRemove(id, out _);

    public Task OnAgentEvent(AgentEvent agentEvent)
    {
        foreach (var client in _clients.Values)
        {
            client.Writer.TryWrite(agentEvent);
        }
        return Task.CompletedTask;
    }

    public void Dispose() => _renewal?.Dispose();

    private async Task EnsureSubscribed()
    {
        // Always under the lock (a connect is rare): a teardown in progress finishes first, then this resubscribes.
        await _registering.WaitAsync();
        try
        {
            if (_reference is null)
            {
                var reference = grains.CreateObjectReference<IFleetEventObserver>(this);
                try
                {
                    await SubscribeAll(reference);
                }
                catch
                {
                    // Some shards may have subscribed: undo, so a retry does not leave them sending to two references.
                    await Release(reference);
                    throw;
                }
                Volatile.Write(ref _reference, reference);
                _renewal = clock.CreateTimer(_ => _ = Renew(), null, Renewal, Renewal);
            }
        }
        finally
        {
            _registering.Release();
        }
    }

    private async Task Renew()
    {
        await _registering.WaitAsync();
        try
        {
            if (_reference is not { } reference)
            {
                return;
            }
            if (!_clients.IsEmpty)
            {
                await SubscribeAll(reference);
                return;
            }
            _renewal?.Dispose();
            _renewal = null;
            Volatile.Write(ref _reference, null);
            await Release(reference);
            LogUnsubscribed(logger);
        }
        catch (Exception e)
        {
            LogRenewalFailed(logger, e);
        }
        finally
        {
            _registering.Release();
        }
    }

    private async Task Release(IFleetEventObserver reference)
    {
        try
        {
            // Best effort: a shard that misses this drops the subscription when it expires.
            await grains.TellEveryShard(shard => shard.Unsubscribe(reference));
        }
        catch (Exception e)
        {
            LogUnsubscribeFailed(logger, e);
        }
        finally
        {
            grains.DeleteObjectReference<IFleetEventObserver>(reference);
        }
    }

    private Task SubscribeAll(IFleetEventObserver reference) =>
        grains.TellEveryShard(shard => shard.Subscribe(reference));
}
