using Fleet.LoadTest.Metrics;

namespace Fleet.LoadTest.Push;

/// <summary>
/// A profile version rolled out to every agent of the run in one batch. Times start at the publish
/// (POST /api/profiles/{name}/versions); "settled" is when the rollout first counted every target
/// APPLIED or FAILED (polled every 50 ms, so up to one poll late, and later when the API answers
/// slowly under load); "server completed" is the rollout's own completion time after its start (the
/// publish), by the server's clock.
/// </summary>
public sealed record ProfilePushReport(
    string Profile,
    int Version,
    string ConfigHash,
    int Agents,
    int Targets,
    double PublishMs,
    LatencySummary Received,
    int ReceivedCount,
    double? AllReceivedMs,
    int AppliedCount,
    int FailedCount,
    string RolloutState,
    double? AllSettledMs,
    double? ServerCompletedMs,
    int ApiPolls,
    double ApiPollMeanMs);
