namespace Fleet.LoadTest.Metrics;

/// <summary>Percentiles of one kind of latency, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double MinMs, double MeanMs, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0, 0);
}
