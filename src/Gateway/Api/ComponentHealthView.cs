namespace Fleet.Gateway.Api;

/// <summary>An agent's health and, recursively, its components' health.</summary>
public sealed record ComponentHealthView(
    bool Healthy,
    string? Status,
    string? LastError,
    DateTimeOffset? StartTime,
    DateTimeOffset? StatusTime,
    Dictionary<string, ComponentHealthView> Components);
