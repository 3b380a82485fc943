namespace Fleet.Gateway.Api;

/// <summary>The answer to <c>DELETE /api/profiles/{name}</c>: how many agents the profile was withdrawn from.</summary>
public sealed record ProfileDeleted(string Name, int WithdrawnFrom);
