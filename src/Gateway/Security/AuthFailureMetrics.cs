using System.Diagnostics.Metrics;
using Fleet.Hosting.Telemetry;

namespace Fleet.Gateway.Security;

/// <summary>
/// <c>fleet.auth.failures</c> [fleet_auth_failures_total]: refused credentials, by surface and reason.
/// Surface <c>api</c>: <c>unauthenticated</c> (no or a wrong credential, 401), <c>forbidden</c> (the
/// role is too low, 403). Surface <c>opamp</c>: missing, unknown_token, expired_token, bad_credential,
/// bad_certificate, revoked, wrong_agent. A rising count is someone guessing keys or tokens.
/// </summary>
public sealed class AuthFailureMetrics : IDisposable
{
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";

    private readonly Meter _meter;
    private readonly Counter<long> _failures;

    public AuthFailureMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(FleetTelemetry.MeterName);
        _failures = _meter.CreateCounter<long>("fleet.auth.failures", "{request}", "Requests refused for missing, wrong, expired or revoked credentials, or too low a role");
    }

    public void Failed(string surface, string reason) =>
        _failures.Add(1, new KeyValuePair<string, object?>("surface", surface), new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
