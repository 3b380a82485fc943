namespace Fleet.Hosting;

/// <summary>Where the Orleans cluster is and how this process joins it (section "Fleet:Orleans").</summary>
public sealed class FleetClusterOptions
{
    public const string Section = "Fleet:Orleans";

    /// <summary>Gateways only: Embedded (in-process silo, the default) or Client (of a silo cluster).</summary>
    public OrleansMode Mode { get; set; } = OrleansMode.Embedded;

    public string ClusterId { get; set; } = "fleet";
    public string ServiceId { get; set; } = "fleet";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port cluster clients (gateways) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at (in Kubernetes: the pod IP).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Probe timeout for failure detection: a silo missing two probes is declared dead.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a gateway waits for a grain call before answering the agent UNAVAILABLE.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
