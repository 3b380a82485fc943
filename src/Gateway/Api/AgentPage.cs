namespace Fleet.Gateway.Api;

/// <summary>
/// A page of the agent list, how many agents match in all, and the cursor for the page after it
/// (<c>?after=</c>; null on the last page).
/// </summary>
public sealed record AgentPage(int Total, int Offset, int Limit, IReadOnlyList<AgentView> Items, string? Next);
