namespace Fleet.Gateway.Security.Agents;

public enum AgentAuthenticationStatus
{
    Authenticated,
    /// <summary>No, wrong, expired or revoked credentials: 401.</summary>
    Refused,
    /// <summary>The credentials could not be checked (grains unreachable): 503, try again — not a reason to drop them.</summary>
    Unavailable,
}
