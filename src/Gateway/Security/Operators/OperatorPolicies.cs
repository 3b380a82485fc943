namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// Authorization policies of the management API and console, one per operator role. A role includes
/// the ones below it: admin ⊃ operator ⊃ viewer.
/// </summary>
public static class OperatorPolicies
{
    /// <summary>Read the fleet: agents, configs (redacted), profiles, packages, events.</summary>
    public const string Viewer = "fleet-viewer";

    /// <summary>Steer agents: configs, rollouts, restarts, custom messages, connection settings.</summary>
    public const string Operator = "fleet-operator";

    /// <summary>Trust decisions: enrollment tokens, revocations, certificates, packages.</summary>
    public const string Admin = "fleet-admin";
}
