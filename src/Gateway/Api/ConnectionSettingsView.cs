namespace Fleet.Gateway.Api;

/// <summary>
/// What connection settings the server offers an agent (hash), and what the agent last reported about them.
/// Header values of secret-looking names (Authorization, X-Api-Key…) are always shown redacted, whatever the role.
/// </summary>
public sealed record ConnectionSettingsView(
    string? OfferedHash,
    string? OpAmpEndpoint,
    ulong? HeartbeatIntervalSeconds,
    bool CertificateOffered,
    string? OwnMetricsEndpoint,
    string? OwnTracesEndpoint,
    string? OwnLogsEndpoint,
    IReadOnlyList<string> OtherConnections,
    string? ReportedHash,
    string? ReportedStatus,
    string? ReportedError,
    IReadOnlyDictionary<string, string>? OpAmpHeaders = null);
