namespace Fleet.Gateway.Api;

/// <summary>A registered package and where the agents it is offered to stand (counts by reported status).</summary>
public sealed record PackageView(
    string Name, string Version, string Type, string DownloadUrl, string Sha256, string Selector, DateTimeOffset RegisteredAt,
    Dictionary<string, int> Agents);
