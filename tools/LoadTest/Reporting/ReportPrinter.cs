using System.Globalization;
using Fleet.LoadTest.Metrics;
using Fleet.LoadTest.Probes;

namespace Fleet.LoadTest.Reporting;

/// <summary>The final report as text for a terminal.</summary>
public static class ReportPrinter
{
    public static void Print(LoadTestReport report, TextWriter output)
    {
        var s = report.Scenario;
        output.WriteLine();
        output.WriteLine($"=== Fleet load test: {N(s.Agents)} {s.Transport} agents, run {s.RunId} ===");
        output.WriteLine($"targets {string.Join(", ", s.Urls)}; workers {s.Workers}; source addresses {(s.SourceAddresses == 0 ? "default" : N(s.SourceAddresses))}");
        output.WriteLine($"ramp {(s.RampPerSecond <= 0 ? "all at once" : $"{F(s.RampPerSecond)}/s")}; heartbeat {F(s.HeartbeatSeconds)} s{(s.FollowServerHeartbeat ? " (or the server's offer)" : " (fixed)")}; "
            + $"config {N(s.ConfigBytes)} B; status changes {F(s.StatusChangesPerSecond)}/s; fail fraction {F(s.FailFraction)}; settled {F(s.SettleSeconds)} s, held {F(report.HeldSeconds)} s");
        output.WriteLine();

        var c = report.Connect;
        output.WriteLine("Connect");
        output.WriteLine($"  connected (first reply)    {N(c.FirstReplies)} / {N(c.Agents)}");
        output.WriteLine($"  time to connect all        {(c.TimeToAllConnectedMs is { } all ? Ms(all) : "not all connected")}");
        output.WriteLine($"  first-reply latency        {Latency(c.FirstReply)}");
        output.WriteLine($"  connected at (since start) {Latency(c.ConnectedAt)}");
        output.WriteLine($"  generator start delay      {Latency(c.StartDelay)}");
        output.WriteLine($"  reconnects                 {N(c.Reconnects)}{(c.Reconnects > 0 ? $"   loss -> first reply again {Latency(c.ReconnectReply)}" : "")}");
        output.WriteLine($"  online at end              {N(c.OnlineAtEnd)}");
        output.WriteLine();

        output.WriteLine("Steady state (while holding)");
        output.WriteLine($"  heartbeat round-trip       {Latency(report.Heartbeat)}");
        output.WriteLine($"  status-change round-trip   {Latency(report.StatusChange)}");
        output.WriteLine($"  messages sent / received   {N(report.MessagesSent)} / {N(report.MessagesReceived)}");
        output.WriteLine();

        if (report.ConfigPush is { } push)
        {
            output.WriteLine("Config push (API PUT for every agent)");
            output.WriteLine($"  accepted                   {N(push.Accepted)} / {N(push.Agents)}  ({string.Join(", ", push.Deliveries.Select(d => $"{d.Key} {N(d.Value)}"))})");
            output.WriteLine($"  PUT latency                {Latency(push.Put)}; all PUTs {Ms(push.PutsTotalMs)}");
            output.WriteLine($"  PUT -> agent received      {Latency(push.Received)}; all received {(push.AllReceivedMs is { } r ? Ms(r) : $"no ({N(push.ReceivedCount)} received)")}");
            output.WriteLine($"  PUT -> APPLIED in API      {Latency(push.Visible)}; all visible {(push.AllVisibleMs is { } v ? Ms(v) : $"no ({N(push.NotVisibleCount)} missing)")}");
            output.WriteLine($"  reported                   APPLIED {N(push.AppliedCount)}, FAILED {N(push.FailedCount)}");
            output.WriteLine($"  API list polls             {N(push.ApiPolls)} pages, {F(push.ApiPollMeanMs)} ms each");
            output.WriteLine();
        }

        if (report.ProfilePush is { } rollout)
        {
            output.WriteLine($"Config push (profile '{rollout.Profile}' version {rollout.Version}, one batch)");
            output.WriteLine($"  publish (POST version)     {Ms(rollout.PublishMs)}");
            output.WriteLine($"  publish -> agent received  {Latency(rollout.Received)}; all received {(rollout.AllReceivedMs is { } r ? Ms(r) : $"no ({N(rollout.ReceivedCount)} of {N(rollout.Agents)})")}");
            output.WriteLine($"  publish -> all APPLIED     {(rollout.AllSettledMs is { } settled ? Ms(settled) : "not reached")} in the rollout; APPLIED {N(rollout.AppliedCount)}, FAILED {N(rollout.FailedCount)} of {N(rollout.Targets)} targets ({rollout.RolloutState})");
            if (rollout.ServerCompletedMs is { } completed)
            {
                output.WriteLine($"  rollout completed         {Ms(completed)} after its start, by the server's clock");
            }
            output.WriteLine($"  API polls                  {N(rollout.ApiPolls)}, {F(rollout.ApiPollMeanMs)} ms each");
            output.WriteLine();
        }

        output.WriteLine($"Errors: {N(report.ErrorsTotal)}");
        foreach (var (kind, count) in report.Errors)
        {
            output.WriteLine($"  {kind,-40} {N(count)}");
        }
        output.WriteLine();

        if (report.Server is { } server)
        {
            output.WriteLine($"Server (pids {string.Join(",", server.Before.Pids)})");
            output.WriteLine($"  RSS before / connected / settled / after hold / end   {Mb(server.Before)} / {Mb(server.AllConnected)} / {Mb(server.Settled)} / {Mb(server.AfterHold)} / {Mb(server.End)}");
            output.WriteLine($"  RSS per agent              connected {Kb(server.RssPerAgentKbConnected)}, after hold {Kb(server.RssPerAgentKbAfterHold)}");
            output.WriteLine($"  CPU seconds                connecting {Opt(server.CpuSecondsConnecting)}, holding {Opt(server.CpuSecondsHolding)}{(server.CpuPercentHolding is { } p ? $" ({F(p)}% of one core)" : "")}, total {Opt(server.CpuSecondsTotal)}");
            output.WriteLine($"  threads / open files       {N(server.AllConnected.Threads)} / {N(server.AllConnected.OpenFiles)} when connected");
            output.WriteLine();
        }
        output.WriteLine($"Load generator: RSS {Mb(report.LoadGenerator)} (all its processes), CPU {F(report.LoadGenerator.CpuSeconds)} s; run took {F(report.ElapsedSeconds)} s");
    }

    public static string Latency(LatencySummary l) => l.Count == 0
        ? "no samples"
        : $"p50 {F(l.P50Ms)}  p95 {F(l.P95Ms)}  p99 {F(l.P99Ms)}  max {F(l.MaxMs)} ms  (n={N(l.Count)})";

    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string F(double value) => value.ToString(value >= 100 ? "0" : value >= 10 ? "0.0" : "0.0##", CultureInfo.InvariantCulture);

    private static string Ms(double ms) => ms >= 10_000 ? $"{F(ms / 1000)} s" : $"{F(ms)} ms";

    private static string Mb(ProcessSample sample) => sample.Complete ? $"{F(sample.RssKb / 1024.0)} MB" : "n/a";

    private static string Opt(double? value) => value is { } v ? F(v) : "n/a";

    private static string Kb(double? kb) => kb is { } v ? $"{F(v)} KB" : "n/a";
}
