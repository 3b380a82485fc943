using Fleet.Hosting;

namespace Fleet.Gateway.Transport;

/// <summary>How long a stopping gateway spreads closing its WebSockets (Fleet:Gateway:DrainWindow).</summary>
public static class DrainWindows
{
    /// <summary>
    /// A configured window wins. Otherwise a cluster gateway spreads over the default window, so its
    /// agents reach the other gateways gradually; an embedded gateway closes at once: its grains and
    /// their state end with the process and no other gateway can take its agents, so spreading would
    /// only keep them waiting (and refused with 503) for its successor.
    /// </summary>
    public static TimeSpan For(OrleansMode mode, TimeSpan? configured) =>
        configured ?? (mode == OrleansMode.Embedded ? TimeSpan.Zero : new Hosting.GatewayOptions().DrainWindow);
}
