namespace Fleet.Gateway.Memory;

/// <summary>When the gateway hands memory left over from a connection surge back to the OS (section "Fleet:Gateway:MemoryTrim").</summary>
public sealed class MemoryTrimOptions
{
    public const string Section = "Fleet:Gateway:MemoryTrim";

    public bool Enabled { get; set; } = true;

    /// <summary>Held WebSockets must have changed by at least this many since the last trim (a surge, in or out).</summary>
    public int MinConnectionChange { get; set; } = 1000;

    /// <summary>And the count must have been steady this long: the surge is over, the garbage is garbage.</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the count is sampled.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(2);
}
