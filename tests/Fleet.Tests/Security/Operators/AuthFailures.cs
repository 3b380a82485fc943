using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Fleet.Tests.Security.Operators;

/// <summary>Counts fleet.auth.failures measurements of one gateway (its meter factory) by surface and reason.</summary>
public sealed class AuthFailures : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Surface, string Reason), long> _counts = new();

    public AuthFailures(IMeterFactory gatewayMeters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "fleet.auth.failures" && ReferenceEquals(instrument.Meter.Scope, gatewayMeters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? surface = null, reason = null;
            foreach (var tag in tags)
            {
                surface = tag.Key == "surface" ? tag.Value as string : surface;
                reason = tag.Key == "reason" ? tag.Value as string : reason;
            }
            _counts.AddOrUpdate((surface ?? "", reason ?? ""), value, (_, total) => total + value);
        });
        _listener.Start();
    }

    public long Count(string surface, string reason) => _counts.GetValueOrDefault((surface, reason));

    public void Dispose() => _listener.Dispose();
}
