using Fleet.Contracts.Agents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Agents;

/// <summary>
/// The offline deadlines of every connected agent whose grain lives in this silo, on one timer. A grain
/// timer per agent is a runtime timer per agent, and the runtime walks its list of long timers three
/// times a second: ~8 % of a silo's CPU holding 10k agents (docs/benchmarks.md). Here a message only
/// moves its agent's last-seen time (<see cref="OfflineWatchEntry.Seen"/>, no timer touched); each
/// tick takes the deadlines that passed, puts back those whose agent was heard from since, and asks the
/// grains of the rest to decide (<see cref="IAgentGrain.CheckOffline"/>), which only a silent agent's gets.
/// </summary>
public sealed partial class OfflineWatch : IDisposable
{
    /// <summary>How often deadlines are looked at: an overdue agent is noticed within this.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly IGrainFactory _grains;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly OfflineDeadlines _deadlines;
    private readonly OfflineDeadlines _quiet;
    private readonly TimeSpan _quietWindow;
    private readonly ITimer _timer;
    private int _sweeping;

    public OfflineWatch(IGrainFactory grains, IOptions<AgentPolicyOptions> policy, TimeProvider clock, ILogger<OfflineWatch> logger)
    {
        _grains = grains;
        _clock = clock;
        _logger = logger;
        _deadlines = new OfflineDeadlines(policy.Value.EffectiveOfflineAfter);
        _quietWindow = policy.Value.EffectiveQuietAgentCheck;
        _quiet = new OfflineDeadlines(_quietWindow);
        _timer = clock.CreateTimer(_ => Sweep(), null, Tick, Tick);
    }

    /// <summary>Watches agent <paramref name="uid"/>, last heard at <paramref name="lastSeen"/> (see <see cref="OfflineDeadlines.Watch"/>).</summary>
    public OfflineWatchEntry Watch(Guid uid, DateTimeOffset lastSeen) =>
        _deadlines.Watch(uid, lastSeen.UtcTicks, _clock.GetUtcNow().UtcTicks);

    /// <summary>
    /// Watches agent <paramref name="uid"/>, which may stay silent, over the quiet-agent window
    /// (<see cref="AgentPolicyOptions.EffectiveQuietAgentCheck"/>): its grain then asks its gateway.
    /// </summary>
    public OfflineWatchEntry WatchQuiet(Guid uid, DateTimeOffset lastSeen) =>
        _quiet.Watch(uid, lastSeen.UtcTicks, _clock.GetUtcNow().UtcTicks);

    /// <summary>As <see cref="WatchQuiet(Guid, DateTimeOffset)"/>, but due <paramref name="after"/> from now (a message meanwhile moves it a whole window).</summary>
    public OfflineWatchEntry WatchQuiet(Guid uid, DateTimeOffset now, TimeSpan after) =>
        _quiet.Watch(uid, (now + after - _quietWindow).UtcTicks, _clock.GetUtcNow().UtcTicks);

    /// <summary>One tick: the grains of agents overdue now are asked to decide (one-way calls).</summary>
    private void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return;
        }
        try
        {
            var now = _clock.GetUtcNow().UtcTicks;
            foreach (var uid in _deadlines.Overdue(now).Concat(_quiet.Overdue(now)))
            {
                try
                {
                    _ = _grains.GetGrain<IAgentGrain>(uid).CheckOffline();
                }
                catch (Exception e)
                {
                    // The grain watches again on its next message or activation; nothing else to do.
                    LogCheckFailed(_logger, uid, e);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    public void Dispose() => _timer.Dispose();
}
