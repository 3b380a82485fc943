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

    /// <summary>
    /// CPU time the same processes used since <paramref name="earlier"/>; null when either sample is
    /// incomplete or the processes changed (a restarted server starts counting again from zero).
    /// </summary>
    public double? CpuSecondsSince(ProcessSample earlier) =>
        Complete && earlier.Complete && Pids.SequenceEqual(earlier.Pids) ? CpuSeconds - earlier.CpuSeconds : null;
}
