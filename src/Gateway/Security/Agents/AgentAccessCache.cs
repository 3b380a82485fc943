using Fleet.Contracts;
using Fleet.Contracts.Security;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Security.Agents;

/// <summary>
/// This gateway's copy of the agent-access snapshot: fetched at start, refreshed on an interval, at
/// once after a change through this gateway's API, and (at most once a second) when an agent shows
/// a token the copy does not know — a token made on another gateway a moment ago.
/// </summary>
public sealed partial class AgentAccessCache(IGrainFactory grains, IOptions<AgentAuthenticationOptions> options, TimeProvider clock, ILogger<AgentAccessCache> logger)
    : BackgroundService
{
    private static readonly TimeSpan MissRefreshSpacing = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile AgentAccessSnapshot? _current;
    private long _lastMissRefreshTicks;
    private bool _failing;

    /// <summary>Null until the first fetch succeeded.</summary>
    public AgentAccessSnapshot? Current => _current;

    /// <summary>A newer snapshot arrived (revocations may close connections).</summary>
    public event Action<AgentAccessSnapshot>? Changed;

    /// <summary>The snapshot, fetching it first if this gateway has none yet; null when the grains are unreachable.</summary>
    public async ValueTask<AgentAccessSnapshot?> Get() => _current ?? await TryRefresh(onlyIfMissing: true);

    /// <summary>Refreshes unless one ran within the last second: unknown tokens must not become a load on the grain.</summary>
    public async ValueTask<AgentAccessSnapshot?> RefreshAfterMiss()
    {
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref _lastMissRefreshTicks);
        if (last != 0 && clock.GetElapsedTime(last, now) < MissRefreshSpacing
            || Interlocked.CompareExchange(ref _lastMissRefreshTicks, now, last) != last)
        {
            return _current;
        }
        return await TryRefresh();
    }

    /// <summary>Fetches a newer snapshot if there is one; keeps the old one when the grains are unreachable.</summary>
    public Task<AgentAccessSnapshot?> TryRefresh() => TryRefresh(onlyIfMissing: false);

    private async Task<AgentAccessSnapshot?> TryRefresh(bool onlyIfMissing)
    {
        await _refreshing.WaitAsync();
        try
        {
            if (onlyIfMissing && _current is { } fetched)
            {
                // Fetched while this caller queued: a connection storm on a gateway without a
                // snapshot must not turn into one grain call after another.
                return fetched;
            }
            var newer = await grains.Get<IAgentAccessGrain>(0).Snapshot(_current?.Version ?? -1);
            if (_failing)
            {
                _failing = false;
                LogRecovered(logger);
            }
            if (newer is not null)
            {
                _current = newer;
                LogSnapshot(logger, newer.Version, newer.Tokens.Count, newer.Agents.Count(a => a.Value.Refused));
                Changed?.Invoke(newer);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!_failing)
            {
                _failing = true;
                LogRefreshFailed(logger, e.Message);
            }
        }
        finally
        {
            _refreshing.Release();
        }
        return _current;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Required)
        {
            LogAuthenticationOff(logger);
        }
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, clock);
        try
        {
            do
            {
                await TryRefresh();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
