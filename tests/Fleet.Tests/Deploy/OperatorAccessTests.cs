using Fleet.Gateway.Console;
using Fleet.Gateway.Security.Operators;
using Microsoft.Extensions.Configuration;

namespace Fleet.Tests.Deploy;

/// <summary>
/// Production: operators sign in at the gateway (an admin API key whose hash comes from a Secret), and
/// the Ingress publishes the console and the API only — never /metrics or /health, which stay in the cluster.
/// </summary>
public class OperatorAccessTests
{
    [Fact]
    public void Production_Gateway_AdminKeyHashFromASecret()
    {
        var (_, _, config) = WorkloadConfigTests.Gateway("production");

        var options = config.Configuration.GetSection(OperatorAuthenticationOptions.Section).Get<OperatorAuthenticationOptions>()!;

        Assert.True(options.Enabled);
        var key = Assert.Single(options.ApiKeys);
        Assert.Equal(("admin", "admin"), (key.Name, key.Role));
        Assert.Null(key.Key);
        Assert.Equal("secret/fleet-operators", config.Sources["Fleet__Security__Operators__ApiKeys__0__KeySha256"]);
    }

    [Fact]
    public void Production_Ingress_RoutesConsoleAndApi_NotMetricsOrHealth()
    {
        var ingress = RenderedOverlay.Get("production").Single("Ingress", "fleet-console");
        var paths = ingress.Array("spec", "rules").SelectMany(r => r.Array("http", "paths")).Select(p => p.Str("path")!).ToList();

        Assert.DoesNotContain(paths, p => p == "/metrics" || p.StartsWith("/health", StringComparison.Ordinal));
        // "/" as a prefix would route everything, /metrics included.
        Assert.DoesNotContain(ingress.Array("spec", "rules").SelectMany(r => r.Array("http", "paths")), p => p.Str("path") == "/" && p.Str("pathType") != "Exact");
        // Every console page and what the console loads is routed: a page added later fails here until it is.
        var needed = ConsoleHosting.Pages.Select(page => "/" + page.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault())
            .Concat(["/api", "/openapi", "/assets", "/vendor"])
            .Distinct();
        Assert.All(needed, p => Assert.Contains(p, paths));
        Assert.Null(ingress.Str("metadata", "annotations", "nginx.ingress.kubernetes.io/auth-type"));
    }
}
