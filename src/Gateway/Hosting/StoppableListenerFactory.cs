using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Fleet.Gateway.Hosting;

/// <summary>
/// Kestrel's socket transport, with one addition: a listener can stop listening before Kestrel
/// stops. A stopping embedded gateway closes its OpAMP port at once, so agents knocking while it
/// drains are refused by the kernel (ECONNREFUSED, no work here) and keep their own short backoff,
/// instead of each costing a 503 whose Retry-After sends them away for longer than the restart takes.
/// </summary>
public sealed class StoppableListenerFactory(IConnectionListenerFactory sockets) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly ConcurrentDictionary<IConnectionListener, int> _listeners = new();

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var listener = new StoppableListener(await sockets.BindAsync(endpoint, cancellationToken), this);
        _listeners[listener] = (listener.EndPoint as IPEndPoint)?.Port ?? (endpoint as IPEndPoint)?.Port ?? -1;
        return listener;
    }

    public bool CanBind(EndPoint endpoint) => sockets is not IConnectionListenerFactorySelector selector || selector.CanBind(endpoint);

    /// <summary>Closes every listening socket on <paramref name="port"/>; connections already accepted stay.</summary>
    /// <returns>How many listeners stopped (none when nothing listens there through this transport).</returns>
    public async Task<int> StopListening(int port)
    {
        var stopped = 0;
        foreach (var (listener, listenerPort) in _listeners)
        {
            if (listenerPort == port)
            {
                // Kestrel's accept loop sees the unbound listener return no connection and ends; its own
                // unbind at shutdown finds the socket already closed.
                await listener.UnbindAsync();
                stopped++;
            }
        }
        return stopped;
    }

    private sealed class StoppableListener(IConnectionListener inner, StoppableListenerFactory owner) : IConnectionListener
    {
        public EndPoint EndPoint => inner.EndPoint;

        public ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default) => inner.AcceptAsync(cancellationToken);

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => inner.UnbindAsync(cancellationToken);

        public ValueTask DisposeAsync()
        {
            owner._listeners.TryRemove(this, out _);
            return inner.DisposeAsync();
        }
    }
}
