namespace Fleet.Gateway.Security.Operators;

/// <summary>What an operator may do; each role includes the ones below it.</summary>
public enum OperatorRole
{
    Viewer = 1,
    Operator = 2,
    Admin = 3,
}
