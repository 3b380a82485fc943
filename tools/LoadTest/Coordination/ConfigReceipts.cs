namespace Fleet.LoadTest.Coordination;

/// <summary>Agents (by global index) that received a given config, and when (Stopwatch ticks).</summary>
public sealed record ConfigReceipts(int[] Indices, long[] Ticks)
{
    public static readonly ConfigReceipts None = new([], []);
}
