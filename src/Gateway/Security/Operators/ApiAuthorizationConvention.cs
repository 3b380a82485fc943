using Microsoft.AspNetCore.Authorization;

namespace Fleet.Gateway.Security.Operators;

/// <summary>
/// Every endpoint of a group gets a role, so none can be added unprotected by forgetting: reads
/// (GET, HEAD) need <see cref="OperatorPolicies.Viewer"/>, anything else <see cref="OperatorPolicies.Operator"/>.
/// It runs last (a "finally" convention), after each endpoint's own conventions, so an endpoint that
/// asks for a policy itself (<c>.RequireAuthorization(OperatorPolicies.Admin)</c>) keeps it.
/// </summary>
public static class ApiAuthorizationConvention
{
    public static TBuilder RequireOperatorRoleByMethod<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            var metadata = endpoint.Metadata;
            if (metadata.Any(m => m is IAuthorizeData or AuthorizationPolicy or IAllowAnonymous))
            {
                return;
            }
            var methods = metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods;
            metadata.Add(new AuthorizeAttribute(DefaultPolicy(methods)));
        });
        return builder;
    }

    /// <summary>Viewer when every method only reads; Operator otherwise (also for an endpoint that takes any method).</summary>
    public static string DefaultPolicy(IReadOnlyList<string>? methods) =>
        methods is { Count: > 0 } && methods.All(m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m))
            ? OperatorPolicies.Viewer
            : OperatorPolicies.Operator;
}
