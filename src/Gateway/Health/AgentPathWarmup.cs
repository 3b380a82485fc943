using System.Diagnostics;
using Fleet.Contracts;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Configs;
using Fleet.Contracts.Inventory;
using Fleet.Contracts.Packages;
using Fleet.Gateway.Security.Agents;

namespace Fleet.Gateway.Health;

/// <summary>
/// Walks the grain calls of an agent's first message once before this gateway reports ready. A cold
/// cluster answered its first agents seconds late (about 4 s at 150 new agents a second over six
/// gateways, against under 0.1 s warm: docs/benchmarks.md): every process loads, resolves and
/// connects its agent path at once, under load. Done once, here, it costs well under a second.
/// Only reads: no agent is created, listed or changed.
/// </summary>
public sealed partial class AgentPathWarmup(IGrainFactory grains, AgentAccessCache access, ILogger<AgentPathWarmup> logger) : BackgroundService
{
    /// <summary>
    /// After this long (and the attempt running then) the gateway reports ready anyway: a warm-up that
    /// keeps failing must not keep a fleet out.
    /// </summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Agent grains asked on uids no agent has (the same ones on every attempt), so the activations spread over the silos.</summary>
    private readonly Guid[] _unusedUids = [.. Enumerable.Range(0, 16).Select(_ => Guid.NewGuid())];

    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the warm-up ran (true) or gave up (false); until then the gateway is not ready.</summary>
    public Task<bool> Done => _done.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (failures > 0 && Stopwatch.GetElapsedTime(started) >= GiveUpAfter)
                {
                    LogGaveUp(logger, failures, Stopwatch.GetElapsedTime(started).TotalSeconds);
                    return;
                }
                try
                {
                    // Each attempt ends before the next starts (grain calls time out on their own),
                    // so a slow cluster is not asked the same questions several times at once.
                    await WalkAgentPath();
                    LogWarmedUp(logger, Stopwatch.GetElapsedTime(started).TotalMilliseconds, failures);
                    _done.TrySetResult(true);
                    return;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    if (failures++ == 0)
                    {
                        LogAttemptFailed(logger, e);
                    }
                    await Task.Delay(RetryDelay, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _done.TrySetResult(false);
        }
    }

    /// <summary>The grains a new agent's first message reaches, asked read-only questions, and the credentials it is checked against.</summary>
    public async Task WalkAgentPath()
    {
        if (await access.Get() is null)
        {
            throw new InvalidOperationException("the agent access snapshot (tokens, revocations) could not be fetched");
        }
        var attributes = new Dictionary<string, string> { ["service.name"] = "fleet-warm-up" };
        await Task.WhenAll(
            grains.AskEveryShard(shard => shard.Overview()),
            grains.Get<IProfileIndexGrain>(0).Match(attributes),
            grains.Get<IPackageCatalogGrain>(0).Offer(attributes),
            Task.WhenAll(_unusedUids.Select(uid => grains.Get<IAgentGrain>(uid).GetDetail())));
    }
}
