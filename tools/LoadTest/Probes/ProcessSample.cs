namespace Fleet.LoadTest.Probes;

/// <summary>Resident memory and CPU time of a set of processes at one moment (summed over them).</summary>
public sealed record ProcessSample(
    IReadOnlyList<int> Pids,
    long RssKb,
    double CpuSeconds,
    int Threads,
    int OpenFiles,
    bool Complete)
{
    public static readonly ProcessSample None = new([], 0, 0, 0, 0, false);
}
