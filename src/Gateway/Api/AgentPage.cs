namespace Fleet.Gateway.Api;

/// <summary>
/// A page of the agent list, how many agents match in all, and the cursor for the page after it
/// (<c>?after=</c>; null on the last page). <see cref="Offset"/> is null on a page asked for by cursor.
/// </summary>
public sealed record AgentPage(int Total, int? Offset, int Limit, IReadOnlyList<AgentView> Items, string? Next);
