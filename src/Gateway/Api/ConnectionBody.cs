namespace Fleet.Gateway.Api;

/// <summary>One connection: endpoint, headers; heartbeat only for OpAMP; free-form settings only for other connections.</summary>
public sealed record ConnectionBody(
    string? DestinationEndpoint,
    Dictionary<string, string>? Headers,
    ulong? HeartbeatIntervalSeconds,
    Dictionary<string, string>? OtherSettings);
