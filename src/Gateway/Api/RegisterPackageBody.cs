namespace Fleet.Gateway.Api;

/// <summary>
/// Body of <c>PUT /api/packages/{name}</c>. Either a downloadUrl with its sha256, or neither when a
/// file for this version was uploaded (the gateway then serves it). Type: topLevel or addon.
/// </summary>
public sealed record RegisterPackageBody(string? Version, string? Type, string? DownloadUrl, string? Sha256, string? Signature, string? Selector);
