using Fleet.Hosting;

namespace Fleet.Gateway.Transport;

/// <summary>How long a stopping gateway spreads closing its WebSockets (Fleet:Gateway:DrainWindow).</summary>
public static class DrainWindows
{
    /// <summary>The window an embedded gateway uses unless configured.</summary>
    public static readonly TimeSpan Embedded = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A configured window wins. Otherwise a cluster gateway spreads over the default window, so its
    /// agents reach the other gateways gradually. An embedded gateway has no other gateway to hand its
    /// agents to, but closing all at once is slower still: with 18k agents its exit took 26 s (every
    /// disconnect and deactivation at once, every agent knocking again meanwhile) against 12 s over
    /// 5 s, and all were back after 81 s against 42 s (docs/benchmarks.md).
    /// </summary>
    public static TimeSpan For(OrleansMode mode, TimeSpan? configured) =>
        configured ?? (mode == OrleansMode.Embedded ? Embedded : new Hosting.GatewayOptions().DrainWindow);
}
