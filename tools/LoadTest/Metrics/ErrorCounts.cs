using System.Collections.Concurrent;

namespace Fleet.LoadTest.Metrics;

/// <summary>Errors by kind ("connect:ConnectionRefused", "http:503", "ws-lost" …).</summary>
public sealed class ErrorCounts
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Add(string kind, long count = 1)
    {
        _counts.AddOrUpdate(kind, count, (_, existing) => existing + count);
        Interlocked.Add(ref _total, count);
    }

    public void Add(IReadOnlyDictionary<string, long> counts)
    {
        foreach (var (kind, count) in counts)
        {
            Add(kind, count);
        }
    }

    public SortedDictionary<string, long> Snapshot() => new(_counts.ToDictionary(), StringComparer.Ordinal);
}
