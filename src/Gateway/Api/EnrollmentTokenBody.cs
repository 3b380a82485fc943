namespace Fleet.Gateway.Api;

/// <summary>A new enrollment token: a name to recognise it, and when it stops working (never, if absent).</summary>
public sealed record EnrollmentTokenBody(string? Name, DateTimeOffset? ExpiresAt, TimeSpan? ValidFor);
