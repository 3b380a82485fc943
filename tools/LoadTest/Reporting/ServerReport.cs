using Fleet.LoadTest.Probes;

namespace Fleet.LoadTest.Reporting;

/// <summary>
/// The server processes (--server-pid, --server-pid-file) sampled before start, once all connected, after settling, after
/// holding, and at the end. Memory per agent is RSS growth divided by the agents that connected.
/// Holding CPU runs from settled to after-hold. A figure is null when a sample it needs is incomplete
/// (a process was gone), and a CPU figure also when the processes changed between its samples (a
/// server restarted during the run and followed through --server-pid-file).
/// </summary>
public sealed record ServerReport(
    ProcessSample Before,
    ProcessSample AllConnected,
    ProcessSample Settled,
    ProcessSample AfterHold,
    ProcessSample End,
    double? RssPerAgentKbConnected,
    double? RssPerAgentKbAfterHold,
    double? CpuSecondsConnecting,
    double? CpuSecondsHolding,
    double? CpuSecondsTotal,
    double? CpuPercentHolding);
