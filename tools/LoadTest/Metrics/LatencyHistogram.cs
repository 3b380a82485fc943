using System.Diagnostics;

namespace Fleet.LoadTest.Metrics;

/// <summary>
/// Latencies in microseconds, in log-linear buckets (HdrHistogram's layout, 128 sub-buckets per power
/// of two): under 0.8% error at any magnitude, fixed memory, and histograms from several workers add up.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBuckets = 1 << SubBucketBits; // 128
    private const int ExactLimit = 2 * SubBuckets; // values below 256 µs have their own bucket
    private const int Magnitudes = 64 - SubBucketBits - 1;
    public const int BucketCount = ExactLimit + (Magnitudes - 1) * SubBuckets;

    private readonly Lock _lock = new();
    private long[] _counts = new long[BucketCount];
    private long _total;
    private long _max;
    private long _min = long.MaxValue;
    private double _sum;

    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    public void RecordTicks(long stopwatchTicks) =>
        RecordMicros((long)(stopwatchTicks * (1_000_000.0 / Stopwatch.Frequency)));

    public void RecordMicros(long micros)
    {
        micros = Math.Max(0, micros);
        var bucket = BucketOf(micros);
        lock (_lock)
        {
            _counts[bucket]++;
            _total++;
            _sum += micros;
            _max = Math.Max(_max, micros);
            _min = Math.Min(_min, micros);
        }
    }

    public void Add(HistogramData data)
    {
        lock (_lock)
        {
            for (var i = 0; i < data.Buckets.Length; i++)
            {
                _counts[data.Buckets[i]] += data.Counts[i];
                _total += data.Counts[i];
            }
            if (data.Total > 0)
            {
                _sum += data.SumMicros;
                _max = Math.Max(_max, data.MaxMicros);
                _min = Math.Min(_min, data.MinMicros);
            }
        }
    }

    /// <summary>A copy of what was recorded (only non-empty buckets), for sending to the parent.</summary>
    public HistogramData Snapshot()
    {
        lock (_lock)
        {
            return ToData(_counts, _total, _sum, _min, _max);
        }
    }

    /// <summary>What was recorded since the last call, and a fresh start.</summary>
    public HistogramData TakeAndReset()
    {
        lock (_lock)
        {
            var data = ToData(_counts, _total, _sum, _min, _max);
            _counts = new long[BucketCount];
            _total = 0;
            _sum = 0;
            _max = 0;
            _min = long.MaxValue;
            return data;
        }
    }

    public LatencySummary Summarize()
    {
        lock (_lock)
        {
            if (_total == 0)
            {
                return LatencySummary.Empty;
            }
            return new LatencySummary(
                _total,
                Millis(_min),
                Millis(_sum / _total),
                Millis(ValueAt(0.50)),
                Millis(ValueAt(0.95)),
                Millis(ValueAt(0.99)),
                Millis(_max));
        }
    }

    public static int BucketOf(long micros)
    {
        if (micros < ExactLimit)
        {
            return (int)micros;
        }
        // Scale the value down until it has 8 significant bits: its top 7 below the leading one pick the sub-bucket.
        var magnitude = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)micros) - SubBucketBits;
        var sub = (int)(micros >> magnitude) - SubBuckets;
        return ExactLimit + (magnitude - 1) * SubBuckets + sub;
    }

    /// <summary>The middle of a bucket's value range (the value itself below 256 µs).</summary>
    public static long ValueOf(int bucket)
    {
        if (bucket < ExactLimit)
        {
            return bucket;
        }
        var magnitude = (bucket - ExactLimit) / SubBuckets + 1;
        var sub = (bucket - ExactLimit) % SubBuckets + SubBuckets;
        var low = (long)sub << magnitude;
        return low + (1L << magnitude) / 2;
    }

    private double ValueAt(double quantile)
    {
        // The smallest value with at least quantile of the samples at or below it (nearest rank).
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * _total));
        long seen = 0;
        for (var bucket = 0; bucket < _counts.Length; bucket++)
        {
            seen += _counts[bucket];
            if (seen >= rank)
            {
                // Never report beyond what was really seen at the extremes.
                return Math.Clamp(ValueOf(bucket), _min, _max);
            }
        }
        return _max;
    }

    private static double Millis(double micros) => Math.Round(micros / 1000.0, 3);

    private static HistogramData ToData(long[] counts, long total, double sum, long min, long max)
    {
        var buckets = new List<int>();
        var values = new List<long>();
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] != 0)
            {
                buckets.Add(i);
                values.Add(counts[i]);
            }
        }
        return new HistogramData([.. buckets], [.. values], total, sum, total == 0 ? 0 : min, max);
    }
}
