using System.Diagnostics.Metrics;
using Fleet.Hosting.Telemetry;

namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// <c>fleet.auth.failures</c> [fleet_auth_failures_total]: refused management calls, by surface
/// (<c>api</c>) and reason (<c>unauthenticated</c>: no or a wrong credential, 401; <c>forbidden</c>:
/// the role is too low, 403). A rising unauthenticated count is someone guessing keys.
/// </summary>
public sealed class OperatorAuthMetrics : IDisposable
{
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";

    private readonly Meter _meter;
    private readonly Counter<long> _failures;

    public OperatorAuthMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(FleetTelemetry.MeterName);
        _failures = _meter.CreateCounter<long>("fleet.auth.failures", "{request}", "Management calls refused: no or a wrong credential, or too low a role");
    }

    public void Failed(string surface, string reason) =>
        _failures.Add(1, new KeyValuePair<string, object?>("surface", surface), new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
