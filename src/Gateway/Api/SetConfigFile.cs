namespace Fleet.Gateway.Api;

public sealed record SetConfigFile(string? Body, string? ContentType);
