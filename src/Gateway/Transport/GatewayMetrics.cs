using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fleet.Contracts.Agents;
using Fleet.Hosting.Telemetry;

namespace Fleet.Gateway.Transport;

/// <summary>
/// The gateway's instruments (Prometheus names in brackets): open connections by transport
/// [fleet_gateway_connections], agent messages in by transport and outcome
/// [fleet_gateway_messages_received_total], messages out by kind [fleet_gateway_messages_sent_total],
/// grain round trip [fleet_gateway_message_duration_seconds], refusals by reason [fleet_gateway_refused_total],
/// messages not sent by reason [fleet_gateway_messages_discarded_total].
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _received;
    private readonly Counter<long> _sent;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _discarded;
    public GatewayMetrics(IMeterFactory meters, AgentConnections connections, Admission admission)
    {
        _meter = meters.Create(FleetTelemetry.MeterName);
        _meter.CreateObservableUpDownCounter("fleet.gateway.connections", () => new[]
        {
            new Measurement<int>(connections.Count, new KeyValuePair<string, object?>("transport", "websocket")),
            new Measurement<int>(admission.HttpInFlight, new KeyValuePair<string, object?>("transport", "http")),
        }, "{connection}", "Open agent WebSockets, and plain-HTTP requests in flight");
        _received = _meter.CreateCounter<long>("fleet.gateway.messages.received", "{message}", "AgentToServer messages received");
        _sent = _meter.CreateCounter<long>("fleet.gateway.messages.sent", "{message}", "ServerToAgent messages sent (replies and pushes)");
        _duration = _meter.CreateHistogram<double>("fleet.gateway.message.duration", "s", "From message received to reply ready (includes the grain call)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 5] });
        _refused = _meter.CreateCounter<long>("fleet.gateway.refused", "{request}", "Connections or requests refused (draining, limits)");
        _discarded = _meter.CreateCounter<long>("fleet.gateway.messages.discarded", "{message}", "ServerToAgent messages not sent (over the message size limit)");
    }

    public void Received(AgentTransport transport, RouteOutcome outcome, long startTimestamp)
    {
        var tags = new TagList { { "transport", Name(transport) }, { "outcome", outcome.ToString().ToLowerInvariant() } };
        _received.Add(1, tags);
        _duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
    }

    public void Sent(string kind) => _sent.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Refused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Discarded(string reason) => _discarded.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();

    private static string Name(AgentTransport transport) => transport == AgentTransport.WebSocket ? "websocket" : "http";
}
