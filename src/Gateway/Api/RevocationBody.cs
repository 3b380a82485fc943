namespace Fleet.Gateway.Api;

public sealed record RevocationBody(string? Reason);
