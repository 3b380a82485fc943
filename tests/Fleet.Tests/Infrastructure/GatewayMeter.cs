using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Infrastructure;

/// <summary>
/// One gateway's "Fleet" instruments (or another meter's), read from its own meters: test gateways share a process and
/// /metrics exports every "Fleet" meter in it, so a scrape mixes their values.
/// </summary>
public sealed class GatewayMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _sums = new();

    public GatewayMeter(IServiceProvider gatewayServices, string meterName = Fleet.Hosting.Telemetry.FleetTelemetry.MeterName)
    {
        var meters = gatewayServices.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == meterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Sum of the instrument's measurements with all these tags ("name=value"); observable ones are read now.</summary>
    public double Sum(string instrument, params string[] tags)
    {
        foreach (var key in _sums.Keys.Where(k => k.StartsWith(instrument + "|observed", StringComparison.Ordinal)))
        {
            _sums.TryRemove(key, out _);
        }
        _listener.RecordObservableInstruments();
        return _sums.Where(kv => kv.Key.Split('|') is [var name, _, var labels] && name == instrument && tags.All(labels.Split(',').Contains))
            .Sum(kv => kv.Value);
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<string>();
        foreach (var tag in tags)
        {
            labels.Add($"{tag.Key}={tag.Value}");
        }
        var kind = instrument.IsObservable ? "observed" : "counted";
        var key = $"{instrument.Name}|{kind}|{string.Join(',', labels)}";
        if (instrument.IsObservable)
        {
            _sums[key] = value; // a gauge's latest value, not a running total
        }
        else
        {
            _sums.AddOrUpdate(key, value, (_, total) => total + value);
        }
    }

    public void Dispose() => _listener.Dispose();
}
