using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Security.Operators;

/// <summary>Start-up check of <c>Fleet:Security:Operators</c>: every problem named, the gateway does not start.</summary>
public sealed class OperatorAuthenticationOptionsValidator : IValidateOptions<OperatorAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorAuthenticationOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
