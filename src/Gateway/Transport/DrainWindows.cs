using Fleet.Hosting;

namespace Fleet.Gateway.Transport;

/// <summary>How long a stopping gateway spreads closing its WebSockets (Fleet:Gateway:DrainWindow).</summary>
public static class DrainWindows
{
    /// <summary>The window an embedded gateway uses unless configured: none.</summary>
    public static readonly TimeSpan Embedded = TimeSpan.Zero;

    /// <summary>
    /// A configured window wins. Otherwise a cluster gateway spreads over the default window, so its
    /// agents reach the other gateways gradually. An embedded gateway has no other gateway to hand its
    /// agents to, and stops listening for OpAMP before it closes them (<see cref="GatewayDrain"/>), so
    /// agents knocking again cost it nothing: it closes all at once and goes. With 18k agents its
    /// exit took 3.9–5.6 s this way against 7.0 s spread over 5 s (docs/benchmarks.md). Before it
    /// stopped listening, closing all at once was the slower way (every agent knocking again was
    /// answered with a 503 whose Retry-After outlasted the restart).
    /// </summary>
    public static TimeSpan For(OrleansMode mode, TimeSpan? configured) =>
        configured ?? (mode == OrleansMode.Embedded ? Embedded : new Hosting.GatewayOptions().DrainWindow);
}
