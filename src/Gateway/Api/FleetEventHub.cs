using System.Collections.Concurrent;
using System.Threading.Channels;
using Fleet.Contracts.Inventory;

namespace Fleet.Gateway.Api;

/// <summary>
/// Relays fleet changes from the directory shards to this gateway's event-stream clients. Subscribes
/// once (on the first client) and renews every minute — which also re-attaches after a shard moved
/// to another silo. A slow client loses its oldest events, never blocks the others.
/// </summary>
public sealed partial class FleetEventHub(IGrainFactory grains, ILogger<FleetEventHub> logger) : IFleetEventObserver, IDisposable
{
    private const int ClientBuffer = 10_000;
    private static readonly TimeSpan Renewal = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, Channel<AgentEvent>> _clients = new();
    private readonly SemaphoreSlim _registering = new(1, 1);
    private IFleetEventObserver? _reference;
    private Timer? _renewal;

    public async Task<(Guid Id, ChannelReader<AgentEvent> Events)> Connect()
    {
        await EnsureSubscribed();
        var channel = Channel.CreateBounded<AgentEvent>(new BoundedChannelOptions(ClientBuffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var id = Guid.NewGuid();
        _clients[id] = channel;
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
        if (_reference is not null)
        {
            return;
        }
        await _registering.WaitAsync();
        try
        {
            if (_reference is null)
            {
                var reference = grains.CreateObjectReference<IFleetEventObserver>(this);
                await SubscribeAll(reference);
                _reference = reference;
                _renewal = new Timer(_ => _ = Renew(), null, Renewal, Renewal);
            }
        }
        finally
        {
            _registering.Release();
        }
    }

    private async Task Renew()
    {
        try
        {
            await SubscribeAll(_reference!);
        }
        catch (Exception e)
        {
            LogRenewalFailed(logger, e);
        }
    }

    private Task SubscribeAll(IFleetEventObserver reference) =>
        grains.TellEveryShard(shard => shard.Subscribe(reference));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing fleet event subscriptions failed; retrying in a minute")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception);
}
