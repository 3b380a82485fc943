namespace Fleet.Gateway.Security.Agents;

/// <summary>Who a connection or request authenticated as; <see cref="Agent"/> is set when the credential names one agent.</summary>
public sealed record AgentIdentity(AgentCredentialKind Kind, Guid? Agent = null, int Generation = 0)
{
    public static readonly AgentIdentity Anonymous = new(AgentCredentialKind.None);

    public static readonly AgentIdentity Enrolled = new(AgentCredentialKind.EnrollmentToken);
}
