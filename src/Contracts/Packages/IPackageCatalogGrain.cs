namespace Fleet.Contracts.Packages;

/// <summary>The registered packages (key 0), and what each agent is offered.</summary>
[Alias("fleet.package-catalog")]
public interface IPackageCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or replaces a package, then re-offers packages to every agent.</summary>
    [Alias("register")]
    Task Register(PackageRegistration package);

    /// <summary>False when no such package.</summary>
    [Alias("remove")]
    Task<bool> Remove(string name);

    [Alias("list"), Orleans.Concurrency.ReadOnly]
    Task<List<PackageRegistration>> List();

    /// <summary>The encoded PackagesAvailable for an agent with these attributes; null when nothing matches.</summary>
    [Alias("offer"), Orleans.Concurrency.ReadOnly]
    Task<byte[]?> Offer(Dictionary<string, string> attributes);
}
