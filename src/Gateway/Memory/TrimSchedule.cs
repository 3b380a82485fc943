namespace Fleet.Gateway.Memory;

/// <summary>
/// Decides, from samples of the held-connection count, when a surge has passed: since the last trim
/// the count moved at least <see cref="MemoryTrimOptions.MinConnectionChange"/> away from where it
/// was (so a fleet that drops and reconnects to the same gateway counts, though it ends where it
/// began), and for the last <see cref="MemoryTrimOptions.QuietPeriod"/> it has stayed within a tenth
/// of that of where it stood when the quiet began. A ramp slower than that tenth per quiet period
/// looks quiet: it gets a trim per MinConnectionChange agents. No clock of its own: tests drive it
/// with plain numbers.
/// </summary>
public sealed class TrimSchedule(MemoryTrimOptions options, DateTimeOffset start)
{
    private readonly int _steadyWithin = Math.Max(1, options.MinConnectionChange / 10);
    private int _heldAtTrim;
    private int _largestMove;
    private int _steadyFrom;
    private DateTimeOffset _steadySince = start;

    /// <summary>Records a sample; true when a trim is due now (then call <see cref="Trimmed"/>).</summary>
    public bool Observe(int held, DateTimeOffset now)
    {
        if (Math.Abs(held - _steadyFrom) > _steadyWithin)
        {
            (_steadyFrom, _steadySince) = (held, now);
        }
        _largestMove = Math.Max(_largestMove, Math.Abs(held - _heldAtTrim));
        return _largestMove >= options.MinConnectionChange && now - _steadySince >= options.QuietPeriod;
    }

    /// <summary>The count at the last trim (0 before the first).</summary>
    public int HeldAtLastTrim => _heldAtTrim;

    public void Trimmed(int held) => (_heldAtTrim, _largestMove) = (held, 0);
}
