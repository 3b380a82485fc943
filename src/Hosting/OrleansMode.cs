namespace Fleet.Hosting;

public enum OrleansMode
{
    /// <summary>A silo inside the gateway process: localhost clustering, in-memory storage.</summary>
    Embedded,

    /// <summary>A stateless cluster client of silos found through Redis clustering.</summary>
    Client,
}
