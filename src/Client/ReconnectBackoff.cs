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
}
