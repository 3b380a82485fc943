using Fleet.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Transport;

/// <summary>
/// Whether this gateway takes new work: refuses WebSocket upgrades while draining or at the socket
/// limit, and plain-HTTP requests beyond the in-flight limit, so overload turns into 503 + Retry-After
/// (agents back off and the load balancer moves them) instead of timeouts.
/// </summary>
public sealed class Admission(IOptions<GatewayOptions> options)
{
    private int _httpInFlight;
    private int _webSockets;

    public bool Draining { get; private set; }

    public int HttpInFlight => Volatile.Read(ref _httpInFlight);

    public TimeSpan RetryAfter => options.Value.RetryAfter;

    public void StartDraining() => Draining = true;

    /// <summary>
    /// Takes a socket slot, or refuses: counted before the upgrade is accepted, so a storm of
    /// simultaneous upgrades cannot overshoot the limit. Give the slot back with <see cref="ExitWebSocket"/>.
    /// </summary>
    public bool TryEnterWebSocket()
    {
        if (Draining)
        {
            return false;
        }
        if (Interlocked.Increment(ref _webSockets) <= options.Value.MaxWebSocketConnections)
        {
            return true;
        }
        Interlocked.Decrement(ref _webSockets);
        return false;
    }

    public void ExitWebSocket() => Interlocked.Decrement(ref _webSockets);

    public bool TryEnterHttp()
    {
        if (Interlocked.Increment(ref _httpInFlight) <= options.Value.MaxConcurrentHttpRequests)
        {
            return true;
        }
        Interlocked.Decrement(ref _httpInFlight);
        return false;
    }

    public void ExitHttp() => Interlocked.Decrement(ref _httpInFlight);
}
