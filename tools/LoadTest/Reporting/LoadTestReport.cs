using Fleet.LoadTest.Metrics;
using Fleet.LoadTest.Probes;
using Fleet.LoadTest.Push;

namespace Fleet.LoadTest.Reporting;

/// <summary>The final report (printed as text, or as JSON with --json).</summary>
public sealed record LoadTestReport(
    ScenarioReport Scenario,
    ConnectReport Connect,
    LatencySummary Heartbeat,
    LatencySummary StatusChange,
    ConfigPushReport? ConfigPush,
    ProfilePushReport? ProfilePush,
    long MessagesSent,
    long MessagesReceived,
    long ErrorsTotal,
    SortedDictionary<string, long> Errors,
    ServerReport? Server,
    ProcessSample LoadGenerator,
    double HeldSeconds,
    double ElapsedSeconds);
