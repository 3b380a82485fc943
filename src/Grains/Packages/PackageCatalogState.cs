using Fleet.Contracts.Packages;

namespace Fleet.Grains.Packages;

[GenerateSerializer, Alias("fleet.package-catalog-state")]
public sealed record PackageCatalogState
{
    [Id(0)] public Dictionary<string, PackageRegistration> Packages { get; init; } = [];
}
