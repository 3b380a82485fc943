namespace Fleet.Gateway.Security.Agents;

/// <summary>What an agent showed to get in.</summary>
public enum AgentCredentialKind
{
    /// <summary>Authentication is off.</summary>
    None,
    EnrollmentToken,
    /// <summary>A per-agent credential the server issued (bound to one instance uid).</summary>
    Credential,
    /// <summary>A client certificate from the server's CA (bound to one instance uid).</summary>
    Certificate,
}
