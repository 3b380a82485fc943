namespace Fleet.LoadTest.Reporting;

/// <summary>What was asked for, echoed in the report so figures can be told apart later.</summary>
public sealed record ScenarioReport(
    int Agents,
    string Transport,
    IReadOnlyList<string> Urls,
    double RampPerSecond,
    double HeartbeatSeconds,
    bool FollowServerHeartbeat,
    int Workers,
    int SourceAddresses,
    int ConfigBytes,
    double StatusChangesPerSecond,
    double FailFraction,
    double DurationSeconds,
    double SettleSeconds,
    bool PushConfig,
    string RunId);
