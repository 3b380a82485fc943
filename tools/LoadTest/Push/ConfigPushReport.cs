using Fleet.LoadTest.Metrics;

namespace Fleet.LoadTest.Push;

/// <summary>
/// A config pushed to every agent through the management API. Latencies start at each agent's PUT;
/// "visible" is when a poll of GET /api/agents first showed the agent's APPLIED (or FAILED) for the new hash.
/// </summary>
public sealed record ConfigPushReport(
    int Agents,
    int Accepted,
    string? ConfigHash,
    SortedDictionary<string, long> Deliveries,
    LatencySummary Put,
    LatencySummary Received,
    LatencySummary Visible,
    int ReceivedCount,
    int AppliedCount,
    int FailedCount,
    int NotVisibleCount,
    double PutsTotalMs,
    double? AllReceivedMs,
    double? AllVisibleMs,
    int ApiPolls,
    double ApiPollMeanMs);
