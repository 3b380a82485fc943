namespace Fleet.Gateway.Api;

/// <summary>Optional body of <c>POST /api/agents/{uid}/restart</c>.</summary>
public sealed record RestartBody(int? ExpiresInSeconds);
