using Fleet.LoadTest.Metrics;

namespace Fleet.LoadTest.Reporting;

/// <summary>
/// Getting the fleet connected. "Connected" means the agent received its first reply, so its grain
/// has seen it. First-reply latency runs from the start of the agent's connect attempt; "connected at"
/// from the start of the run (its max is the time to connect all); "start delay" is how late the load
/// generator itself began each agent's first attempt (large values mean the generator was the bottleneck).
/// Reconnects count lost WebSockets; "reconnect reply" runs from the loss to the first reply on the new socket.
/// </summary>
public sealed record ConnectReport(
    int Agents,
    long FirstReplies,
    double? TimeToAllConnectedMs,
    LatencySummary FirstReply,
    LatencySummary ConnectedAt,
    LatencySummary StartDelay,
    long Reconnects,
    LatencySummary ReconnectReply,
    long OnlineAtEnd);
