namespace Fleet.Supervisor.Packages;

/// <summary>What <see cref="PackageStore"/> keeps: the installed packages and the offer they all came from.</summary>
internal sealed class InstalledPackages
{
    /// <summary>all_packages_hash (hex) of the last offer installed completely; null before that.</summary>
    public string? AllPackagesHash { get; set; }

    public Dictionary<string, InstalledPackage> Packages { get; set; } = new(StringComparer.Ordinal);
}
