using Fleet.LoadTest.Coordination;
using Fleet.LoadTest.Metrics;
using Fleet.LoadTest.Probes;

namespace Fleet.LoadTest.Reporting;

/// <summary>The one-line-a-second view of a running test, summed over all worker processes.</summary>
public static class ProgressLine
{
    public static string Format(double elapsedSeconds, string phase, IReadOnlyList<ProgressReport> latest, LatencySummary interval, ProcessSample? server, double? serverCpuPercent)
    {
        long agents = 0, started = 0, online = 0, first = 0, errors = 0, reconnects = 0, configs = 0;
        double sent = 0, received = 0;
        foreach (var p in latest)
        {
            agents += p.Agents;
            started += p.Started;
            online += p.Online;
            first += p.FirstReplies;
            errors += p.Errors;
            reconnects += p.Reconnects;
            configs += p.ConfigsReceived;
            sent += p.SentPerSecond;
            received += p.ReceivedPerSecond;
        }
        var line = $"[{elapsedSeconds,6:0.0}s {phase,-8}] online {ReportPrinter.N(online)}/{ReportPrinter.N(agents)}"
            + (started < agents ? $" (started {ReportPrinter.N(started)})" : "")
            + $"  first {ReportPrinter.N(first)}  sent {ReportPrinter.N((long)sent)}/s  recv {ReportPrinter.N((long)received)}/s"
            + $"  errors {ReportPrinter.N(errors)}  reconn {ReportPrinter.N(reconnects)}"
            + (configs > 0 ? $"  configs {ReportPrinter.N(configs)}" : "")
            + (interval.Count > 0 ? $"  rtt p50 {ReportPrinter.F(interval.P50Ms)} p99 {ReportPrinter.F(interval.P99Ms)} max {ReportPrinter.F(interval.MaxMs)} ms" : "  rtt -");
        if (server is { Complete: true } s)
        {
            line += $"  server {ReportPrinter.F(s.RssKb / 1024.0)} MB" + (serverCpuPercent is { } cpu ? $" {cpu:0}% cpu" : "");
        }
        else if (server is not null)
        {
            line += "  server - (a --server-pid is gone)";
        }
        return line;
    }
}
