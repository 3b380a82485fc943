using Fleet.Gateway.Security.Operators;
using Fleet.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Security.Operators;

/// <summary>
/// Every route the gateway maps, read from its EndpointDataSource: each /api and /openapi route must carry
/// an operator policy, so an endpoint added later without one fails here rather than ships open.
/// </summary>
public class EndpointAuthorizationTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static readonly string[] OperatorPolicyNames = [OperatorPolicies.Viewer, OperatorPolicies.Operator, OperatorPolicies.Admin];

    private IReadOnlyList<RouteEndpoint> Routes =>
        gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    private static string Describe(RouteEndpoint e) =>
        $"{string.Join(",", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])} {e.RoutePattern.RawText}";

    private static string? Policy(RouteEndpoint e) => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);

    [Fact]
    public void EveryApiAndOpenApiRoute_HasAnOperatorPolicy_NoneAllowsAnonymous()
    {
        var management = Routes.Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal) || e.RoutePattern.RawText!.StartsWith("/openapi", StringComparison.Ordinal)).ToList();

        Assert.True(management.Count >= 25, $"the API's routes were found ({management.Count})");
        var unprotected = management
            .Where(e => !OperatorPolicyNames.Contains(Policy(e)) || e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(Describe)
            .ToList();
        Assert.True(unprotected.Count == 0, $"routes without an operator policy: {string.Join("; ", unprotected)}");
    }

    [Fact]
    public void ApiRoutes_ReadsNeedViewer_ChangesNeedOperatorOrMore()
    {
        foreach (var endpoint in Routes.Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal)))
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            var policy = Policy(endpoint);
            if (methods.All(m => m is "GET" or "HEAD"))
            {
                // Reads are for viewers, except trust data (enrollment tokens, revocations): admins only.
                Assert.True(policy is OperatorPolicies.Viewer or OperatorPolicies.Admin, $"{Describe(endpoint)} reads: viewer (or admin), not {policy}");
            }
            else
            {
                Assert.True(policy is OperatorPolicies.Operator or OperatorPolicies.Admin, $"{Describe(endpoint)} changes: operator or admin, not {policy}");
            }
        }
    }

    [Theory]
    [InlineData("RegisterPackage")]
    [InlineData("RemovePackage")]
    [InlineData("UploadPackageFile")]
    [InlineData("SetConnectionSettings")]
    [InlineData("RotateCertificate")]
    [InlineData("ListEnrollmentTokens")]
    [InlineData("CreateEnrollmentToken")]
    [InlineData("RevokeEnrollmentToken")]
    [InlineData("ListRevocations")]
    [InlineData("RevokeAgent")]
    [InlineData("ReinstateAgent")]
    public void TrustDecisions_NeedAdmin(string endpointName)
    {
        var endpoint = Routes.Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == endpointName);

        Assert.Equal(OperatorPolicies.Admin, Policy(endpoint));
    }

    [Fact]
    public void HealthMetricsAndConsolePages_StayAnonymous()
    {
        var open = Routes.Where(e => e.RoutePattern.RawText is { } raw
            && (raw.StartsWith("/health", StringComparison.Ordinal) || raw == "/metrics" || raw == "/" || raw.StartsWith("/agents", StringComparison.Ordinal)));

        Assert.NotEmpty(open);
        Assert.All(open, e => Assert.Empty(e.Metadata.GetOrderedMetadata<IAuthorizeData>()));
    }
}
