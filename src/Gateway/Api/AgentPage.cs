namespace Fleet.Gateway.Api;

/// <summary>A page of the agent list and how many agents match in all.</summary>
public sealed record AgentPage(int Total, int Offset, int Limit, IReadOnlyList<AgentView> Items);
