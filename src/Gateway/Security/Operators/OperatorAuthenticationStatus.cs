namespace Fleet.Gateway.Security.Operators;

/// <summary>Which ways of signing in are configured; with neither, authentication is off.</summary>
public sealed record OperatorAuthenticationStatus(bool ApiKeys, bool Jwt)
{
    public bool Enabled => ApiKeys || Jwt;
}
