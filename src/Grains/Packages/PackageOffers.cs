using System.Security.Cryptography;
using System.Text;
using Fleet.Contracts.OpAmp;
using Fleet.Contracts.Packages;
using Google.Protobuf;

namespace Fleet.Grains.Packages;

/// <summary>
/// Builds PackagesAvailable. Hashes are stable: a package's hash covers its name, version and content
/// hash; all_packages_hash covers every offered package's name and hash in ordinal order — so agents
/// (and the server) can tell "nothing changed" without comparing contents.
/// </summary>
public static class PackageOffers
{
    public static PackagesAvailable Build(IEnumerable<PackageRegistration> packages)
    {
        var available = new PackagesAvailable();
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var package in packages.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var contentHash = Convert.FromHexString(package.Sha256);
            var packageHash = SHA256.HashData([.. Encoding.UTF8.GetBytes(package.Name), 0, .. Encoding.UTF8.GetBytes(package.Version), 0, .. contentHash]);
            var file = new DownloadableFile { DownloadUrl = package.DownloadUrl, ContentHash = ByteString.CopyFrom(contentHash) };
            if (package.Signature is { Length: > 0 } signature)
            {
                file.Signature = ByteString.CopyFrom(Convert.FromBase64String(signature));
            }
            available.Packages[package.Name] = new PackageAvailable
            {
                Type = package.Type == "topLevel" ? PackageType.TopLevel : PackageType.Addon,
                Version = package.Version,
                File = file,
                Hash = ByteString.CopyFrom(packageHash),
            };
            all.AppendData(Encoding.UTF8.GetBytes(package.Name));
            all.AppendData(packageHash);
        }
        available.AllPackagesHash = ByteString.CopyFrom(all.GetHashAndReset());
        return available;
    }

    /// <summary>Whether the agent still has to hear about this offer.</summary>
    public static bool Owed(AgentToServer status, PackagesAvailable? offer, ByteString? sentOnConnection) =>
        offer is not null
        && Agents.ServerCapabilitySet.Has(status.Capabilities, AgentCapabilities.AcceptsPackages)
        && status.PackageStatuses?.ServerProvidedAllPackagesHash != offer.AllPackagesHash
        && sentOnConnection != offer.AllPackagesHash;
}
