using Fleet.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Transport;

/// <summary>
/// Whether this gateway takes new work: refuses WebSocket upgrades while draining or at the socket
/// limit, and plain-HTTP requests beyond the in-flight limit, so overload turns into 503 + Retry-After
/// (agents back off and the load balancer moves them) instead of timeouts.
/// </summary>
public sealed class Admission(AgentConnections connections, IOptions<GatewayOptions> options)
{
    private int _httpInFlight;

    public bool Draining { get; private set; }

    public int HttpInFlight => Volatile.Read(ref _httpInFlight);

    public TimeSpan RetryAfter => options.Value.RetryAfter;

    public void StartDraining() => Draining = true;

    public bool AdmitWebSocket() => !Draining && connections.Count < options.Value.MaxWebSocketConnections;

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
