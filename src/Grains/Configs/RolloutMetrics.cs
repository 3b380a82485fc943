using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fleet.Contracts.Configs;

namespace Fleet.Grains.Configs;

/// <summary>
/// Rollout progress on the silo that holds each profile (Prometheus names in brackets): agents of the
/// current rollout by outcome [fleet_rollout_agents{profile,outcome}], and rollouts reaching a state
/// [fleet_rollout_transitions_total{profile,state}] — running, paused, completed, rolledBack.
/// </summary>
public sealed class RolloutMetrics : IDisposable
{
    /// <summary>The same meter as the gateways' instruments ("Fleet").</summary>
    public const string MeterName = "Fleet";

    private readonly Meter _meter;
    private readonly Counter<long> _transitions;
    private readonly ConcurrentDictionary<string, RolloutProgress> _current = new();

    public RolloutMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("fleet.rollout.agents", Observe, "{agent}", "Agents of each profile's latest rollout, by outcome");
        _transitions = _meter.CreateCounter<long>("fleet.rollout.transitions", "{rollout}", "Rollouts reaching a state");
    }

    /// <summary>The profile's rollout as it stands; counts a transition when its state changed.</summary>
    public void Report(string profile, RolloutProgress progress)
    {
        var previous = _current.GetValueOrDefault(profile);
        _current[profile] = progress;
        if (previous is null || previous.Version != progress.Version || previous.State != progress.State)
        {
            _transitions.Add(1, new KeyValuePair<string, object?>("profile", profile), new KeyValuePair<string, object?>("state", progress.State));
        }
    }

    /// <summary>The profile's grain left this silo: another one reports it from now on.</summary>
    public void Forget(string profile) => _current.TryRemove(profile, out _);

    private IEnumerable<Measurement<int>> Observe()
    {
        foreach (var (profile, p) in _current)
        {
            foreach (var (outcome, count) in new[] { ("pending", p.Pending), ("applying", p.Applying), ("applied", p.Applied), ("failed", p.Failed), ("offline", p.Offline), ("overridden", p.Overridden) })
            {
                yield return new Measurement<int>(count, new KeyValuePair<string, object?>("profile", profile), new KeyValuePair<string, object?>("outcome", outcome));
            }
        }
    }

    public void Dispose() => _meter.Dispose();
}
