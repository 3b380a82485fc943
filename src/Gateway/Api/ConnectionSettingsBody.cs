namespace Fleet.Gateway.Api;

/// <summary>
/// Body of <c>PUT /api/agents/{uid}/connection-settings</c>: where the agent connects for OpAMP, where it
/// sends its own telemetry, and other named connections. Omitted parts are not offered.
/// </summary>
public sealed record ConnectionSettingsBody(
    ConnectionBody? Opamp,
    ConnectionBody? OwnMetrics,
    ConnectionBody? OwnTraces,
    ConnectionBody? OwnLogs,
    Dictionary<string, ConnectionBody>? OtherConnections);
