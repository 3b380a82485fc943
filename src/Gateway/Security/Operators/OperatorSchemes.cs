namespace Fleet.Gateway.Security.Operators;

/// <summary>Authentication schemes of the management API. Policies name <see cref="Operator"/>, which forwards by credential shape.</summary>
public static class OperatorSchemes
{
    /// <summary>The policy scheme: forwards to <see cref="ApiKey"/> or <see cref="Jwt"/>.</summary>
    public const string Operator = "FleetOperator";

    public const string ApiKey = "ApiKey";

    public const string Jwt = "Jwt";
}
