namespace Fleet.Gateway.Api;

public sealed record ConfigFileView(string ContentType, string Body);
