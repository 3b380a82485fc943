namespace Fleet.Gateway.Security.Agents;

/// <summary>How agents prove who they are (section "Fleet:Security:Agents").</summary>
public sealed class AgentAuthenticationOptions
{
    public const string Section = "Fleet:Security:Agents";

    /// <summary>
    /// Off (the embedded default): any agent may connect; revoked agents are still refused. On: every
    /// WebSocket upgrade and HTTP POST needs an enrollment token, a per-agent credential or a client
    /// certificate from the server's CA, else 401.
    /// </summary>
    public bool Required { get; set; }

    /// <summary>Enrollment tokens from configuration (e.g. a Kubernetes secret), besides those made through the API.</summary>
    public List<string> EnrollmentTokens { get; set; } = [];

    /// <summary>
    /// Agents that came with an enrollment token and accept OpAMP connection settings are offered a
    /// credential of their own (opamp.headers Authorization), so the shared token can be rotated and
    /// one agent revoked without touching the others.
    /// </summary>
    public bool IssueCredentials { get; set; } = true;

    /// <summary>How often gateways fetch tokens and revocations; a gateway sees its own API changes at once.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
