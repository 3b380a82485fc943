using System.Net.WebSockets;
using Fleet.Gateway.Hosting;
using Fleet.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Transport;

/// <summary>
/// Graceful shutdown (SIGTERM): turn not-ready, stop taking WebSockets, then close the open ones with
/// 1001 spread evenly over the drain window — agents reconnect through the load balancer to other
/// gateways without a storm. Plain-HTTP requests keep being served until Kestrel stops. An embedded
/// gateway, the only one, stops listening for OpAMP first.
/// </summary>
public sealed partial class GatewayDrain(
    Admission admission,
    AgentConnections connections,
    AgentMessageRouter router,
    StoppableListenerFactory listeners,
    IOptions<GatewayOptions> options,
    IConfiguration configuration,
    ILogger<GatewayDrain> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ReportsPatience = TimeSpan.FromSeconds(5); // within ShutdownTimeout (drain window + 15 s)

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        admission.StartDraining();
        if (configuration.ClusterOptions().Mode == OrleansMode.Embedded)
        {
            // The grains stop with this process and keep nothing: telling them of each closed socket is wasted work.
            router.IgnoreDisconnects();
            // No other gateway to send agents to, and this one is going: refuse at the socket, before the
            // closes below send every agent knocking again. (A 503's Retry-After would make each wait
            // longer than the restart takes.) Plain-HTTP agents on open keep-alive connections are still answered.
            LogStoppedListening(logger, await listeners.StopListening(options.Value.OpAmpPort), options.Value.OpAmpPort);
        }
        var sessions = connections.Sessions.ToList();
        var window = options.Value.DrainWindow;
        LogDraining(logger, sessions.Count, window);
        if (sessions.Count == 0)
        {
            return;
        }

        var ticks = Math.Max(1, (int)(window / Tick));
        var perTick = (int)Math.Ceiling(sessions.Count / (double)ticks);
        var closing = new List<Task>(sessions.Count);
        foreach (var batch in sessions.Chunk(perTick))
        {
            closing.AddRange(batch.Select(s => CloseQuietly(s, cancellationToken)));
            await Task.Delay(Tick, cancellationToken);
        }
        await Task.WhenAll(closing).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // Peers that never answered the close would only be reported when Kestrel aborts them, by
        // which time the grains may be out of reach: report them now (grains ignore stale ids).
        await Task.WhenAll(connections.Sessions
            .Where(s => s.InstanceUid is not null)
            .Select(s => router.Disconnected(s.InstanceUid!.Value, s.ConnectionId)));
        // Sockets that ended on their own queued their reports without waiting: deliver those too
        // before the process goes, or agents that do not come back stay listed as connected.
        var deadline = DateTime.UtcNow + ReportsPatience;
        while (router.DisconnectReportsPending > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(Tick, cancellationToken);
        }
        LogDrained(logger, sessions.Count);
    }

    private async Task CloseQuietly(WebSocketSession session, CancellationToken cancellationToken)
    {
        try
        {
            await session.Close(WebSocketCloseStatus.EndpointUnavailable, "gateway shutting down; reconnect", cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Already gone.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
