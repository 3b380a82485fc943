namespace Fleet.Client;

/// <summary>How long a client waits before its next reconnect attempt.</summary>
public static class ReconnectBackoff
{
    /// <summary>
    /// A backoff step, jittered within [delay/2, delay] ("equal jitter"): spread so a fleet that lost
    /// its gateway at once does not come back at once, yet never longer than the step itself, so the
    /// configured maximum is the longest an agent waits once the server is back.
    /// </summary>
    /// <param name="random">A uniform sample in [0, 1).</param>
    public static TimeSpan Jittered(TimeSpan delay, double random) => delay * (0.5 + 0.5 * random);

    /// <summary>
    /// A server's Retry-After, jittered within [retryAfter, 1.5 × retryAfter]: never earlier than the
    /// server asked, and not all at the same instant.
    /// </summary>
    public static TimeSpan AfterServerHint(TimeSpan retryAfter, double random) => retryAfter * (1 + 0.5 * random);

    /// <summary>The step after a failed attempt: doubled, at most <paramref name="max"/>.</summary>
    public static TimeSpan Next(TimeSpan delay, TimeSpan max) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, max.Ticks));

    /// <summary>
    /// The wait after the server refused <paramref name="refusalsInARow"/> messages in a row (UNAVAILABLE):
    /// what it asked for the first time, doubled for each further refusal up to <paramref name="max"/>
    /// (never below what it asked). An overloaded server answers thousands of agents alike; if they all
    /// came back after the same few seconds, each wave of full-state reports would overload it again.
    /// </summary>
    public static TimeSpan AfterRefusals(TimeSpan asked, int refusalsInARow, TimeSpan max)
    {
        var doublings = Math.Clamp(refusalsInARow - 1, 0, 30);
        var grown = Math.Min(asked.Ticks * (double)(1L << doublings), Math.Max(asked.Ticks, max.Ticks));
        return TimeSpan.FromTicks((long)grown);
    }
}
