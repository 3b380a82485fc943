namespace Fleet.Supervisor.Packages;

/// <summary>A package installed from a server offer; hashes in lowercase hex.</summary>
internal sealed record InstalledPackage(string Name, string Version, bool TopLevel, string Hash, string ContentHash, string Path);
