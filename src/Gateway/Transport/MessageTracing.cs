using System.Diagnostics;
using Fleet.Contracts.Agents;
using Fleet.Hosting.Telemetry;

namespace Fleet.Gateway.Transport;

/// <summary>
/// One span per agent message ("opamp.message"), so that its log lines, in the gateway and in the
/// grain (Orleans propagates the trace), share a trace id of their own. Over plain HTTP it is a
/// child of the request; a WebSocket is one long request, so there each message starts a new trace.
/// </summary>
public static class MessageTracing
{
    public const string ActivityName = "opamp.message";

    /// <summary>Call from an async method: clearing the current activity then stays inside that method.</summary>
    public static Activity? Start(AgentConnection connection)
    {
        var webSocket = connection.Transport == AgentTransport.WebSocket;
        if (webSocket)
        {
            Activity.Current = null;
        }
        var activity = FleetTelemetry.ActivitySource.StartActivity(ActivityName, ActivityKind.Server);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("opamp.transport", webSocket ? "websocket" : "http");
            if (webSocket)
            {
                // Ties the message's trace to its connection (plain-HTTP requests share one connection record).
                activity.SetTag("fleet.connection_id", connection.ConnectionId);
            }
        }
        return activity;
    }

    public static void Finish(Activity? activity, RoutedReply routed)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }
        activity.SetTag("fleet.agent_uid", routed.InstanceUid);
        activity.SetTag("opamp.outcome", routed.Outcome switch
        {
            RouteOutcome.Ok => "ok",
            RouteOutcome.BadRequest => "badrequest",
            _ => "unavailable",
        });
        if (routed.Outcome != RouteOutcome.Ok)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
