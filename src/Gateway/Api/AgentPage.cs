namespace Fleet.Gateway.Api;

/// <summary>A page of the agent list, ordered by instance uid.</summary>
public sealed record AgentPage(int Total, int Offset, int Limit, IReadOnlyList<AgentView> Items);
