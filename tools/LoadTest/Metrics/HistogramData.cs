namespace Fleet.LoadTest.Metrics;

/// <summary>A <see cref="LatencyHistogram"/>'s non-empty buckets, as sent from a worker to its parent.</summary>
public sealed record HistogramData(int[] Buckets, long[] Counts, long Total, double SumMicros, long MinMicros, long MaxMicros)
{
    public static readonly HistogramData Empty = new([], [], 0, 0, 0, 0);
}
