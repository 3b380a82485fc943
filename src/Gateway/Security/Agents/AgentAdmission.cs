namespace Fleet.Gateway.Security.Agents;

/// <summary>Whether one message's instance uid may pass with the identity of its connection.</summary>
public enum AgentAdmission
{
    Admitted,
    /// <summary>The agent was revoked, or its credential predates a revocation.</summary>
    Revoked,
    /// <summary>The credential or certificate names another agent.</summary>
    WrongAgent,
}
