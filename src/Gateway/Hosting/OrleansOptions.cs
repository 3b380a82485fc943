namespace Fleet.Gateway.Hosting;

/// <summary>How the gateway reaches the grains (section "Fleet:Orleans").</summary>
public sealed class OrleansOptions
{
    public const string Section = "Fleet:Orleans";

    /// <summary>
    /// Embedded: a silo in this process, localhost clustering, in-memory storage (the zero-setup default).
    /// Client: a stateless Orleans cluster client of silos found through Redis clustering.
    /// </summary>
    public OrleansMode Mode { get; set; } = OrleansMode.Embedded;

    public string ClusterId { get; set; } = "fleet";
    public string ServiceId { get; set; } = "fleet";

    /// <summary>Embedded silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Embedded silo's client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;
}
