namespace Fleet.Gateway.Api;

/// <summary>
/// The answer to <c>DELETE /api/profiles/{name}</c>: how many agents the profile was withdrawn from (so far,
/// while <see cref="Deleted"/> is false and the deletion goes on).
/// </summary>
public sealed record ProfileDeleted(string Name, int WithdrawnFrom, bool Deleted);
