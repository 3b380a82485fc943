using Microsoft.AspNetCore.Authorization;

namespace Fleet.Gateway.Security.Operators;

/// <summary>The caller needs at least this role.</summary>
public sealed record OperatorRoleRequirement(OperatorRole Minimum) : IAuthorizationRequirement;
