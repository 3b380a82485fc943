namespace Fleet.Gateway.Security.Agents;

/// <summary>The outcome of checking one WebSocket upgrade or HTTP POST.</summary>
public readonly record struct AgentAuthentication(AgentAuthenticationStatus Status, AgentIdentity Identity)
{
    public static AgentAuthentication Refused => new(AgentAuthenticationStatus.Refused, AgentIdentity.Anonymous);

    public static AgentAuthentication Unavailable => new(AgentAuthenticationStatus.Unavailable, AgentIdentity.Anonymous);
}
