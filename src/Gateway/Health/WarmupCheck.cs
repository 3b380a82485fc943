using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Gateway.Health;

/// <summary>Not ready until the agent path is warm, so a load balancer sends agents only to a gateway that answers them fast.</summary>
public sealed class WarmupCheck(AgentPathWarmup warmup) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(warmup.Done.IsCompleted ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("warming up the agent path"));
}
