namespace Fleet.Gateway.Api;

/// <summary>One server-sent event of <c>GET /api/events</c>: what happened, the agent as it is now, and for customMessage the message.</summary>
public sealed record AgentEventView(string Kind, AgentView Agent, CustomMessageView? Message = null);
