using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace Fleet.Gateway.Api;

/// <summary><c>GET /api/events</c>: agent added/connected/disconnected/changed/removed, as server-sent events.</summary>
public static class EventsEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        api.MapGet("/events", Stream).WithTags("Events").WithName("FleetEvents");
        return api;
    }

    private static async Task<IResult> Stream(FleetEventHub hub, CancellationToken cancellationToken)
    {
        var (id, events) = await hub.Connect();
        // The stream's own finally runs only once it is read: a request gone before that leaves here.
        cancellationToken.Register(() => hub.Disconnect(id));
        return TypedResults.ServerSentEvents(Read(hub, id, events, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> Read(
        FleetEventHub hub, Guid id, System.Threading.Channels.ChannelReader<Fleet.Contracts.Inventory.AgentEvent> events,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            yield return new SseItem<object>(new { }, "ready");
            while (!cancellationToken.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(KeepAlive);
                bool ready;
                try
                {
                    ready = await events.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Quiet fleet: keep proxies from closing an idle stream.
                    ready = true;
                }
                if (!ready)
                {
                    yield break;
                }
                var any = false;
                while (events.TryRead(out var agentEvent))
                {
                    any = true;
                    yield return new SseItem<object>(new AgentEventView(agentEvent.Kind, AgentViews.From(agentEvent.Agent), agentEvent.Message is { } m ? CustomMessageView.From(m) : null), "agent");
                }
                if (!any)
                {
                    yield return new SseItem<object>(new { }, "ping");
                }
            }
        }
        finally
        {
            hub.Disconnect(id);
        }
    }
}
