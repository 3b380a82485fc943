namespace Fleet.LoadTest.Options;

/// <summary>Set on a child process: which share of the agents it runs, and the run it belongs to.</summary>
public sealed record WorkerAssignment(int Index, int Count)
{
    /// <summary>The contiguous block of global agent indices this worker runs.</summary>
    public (int First, int Count) ShareOf(int agents)
    {
        var first = (int)((long)agents * Index / Count);
        var next = (int)((long)agents * (Index + 1) / Count);
        return (first, next - first);
    }
}
