namespace Fleet.Gateway.Api;

/// <summary>One server-sent event of <c>GET /api/events</c>: what happened, and the agent as it is now.</summary>
public sealed record AgentEventView(string Kind, AgentView Agent);
