using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Infrastructure;

/// <summary>
/// One gateway's fleet.gateway.refused by reason, read from its own meter. Test gateways share a
/// process, and /metrics exports every "Fleet" meter in it, so a scrape mixes their counts.
/// </summary>
public sealed class RefusalCounts : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public RefusalCounts(IServiceProvider gatewayServices)
    {
        var meters = gatewayServices.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "fleet.gateway.refused")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason" && tag.Value is string reason)
                {
                    _counts.AddOrUpdate(reason, value, (_, total) => total + value);
                }
            }
        });
        _listener.Start();
    }

    public long this[string reason] => _counts.GetValueOrDefault(reason);

    public void Dispose() => _listener.Dispose();
}
