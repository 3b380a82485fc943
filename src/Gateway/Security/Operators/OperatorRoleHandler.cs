using Microsoft.AspNetCore.Authorization;

namespace Fleet.Gateway.Security.Operators;

/// <summary>Admin ⊃ operator ⊃ viewer: a role meets every requirement at or below it.</summary>
public sealed class OperatorRoleHandler : AuthorizationHandler<OperatorRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRoleRequirement requirement)
    {
        if (OperatorRoles.Of(context.User) >= requirement.Minimum)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
