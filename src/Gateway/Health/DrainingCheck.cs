using Fleet.Gateway.Transport;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Gateway.Health;

/// <summary>Not ready once draining: the load balancer stops sending new agents here.</summary>
public sealed class DrainingCheck(Admission admission) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(admission.Draining ? HealthCheckResult.Unhealthy("draining") : HealthCheckResult.Healthy());
}
