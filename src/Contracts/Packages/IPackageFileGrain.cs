namespace Fleet.Contracts.Packages;

/// <summary>An uploaded package file (key "name@version"), served to agents by the gateways.</summary>
[Alias("fleet.package-file")]
public interface IPackageFileGrain : IGrainWithStringKey
{
    [Alias("store")]
    Task Store(byte[] content);

    [Alias("get"), Orleans.Concurrency.ReadOnly]
    Task<byte[]?> Get();
}
