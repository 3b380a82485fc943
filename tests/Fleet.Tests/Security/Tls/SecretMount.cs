using System.Security.Cryptography.X509Certificates;

namespace Fleet.Tests.Security.Tls;

/// <summary>
/// A folder laid out as the kubelet mounts a TLS secret: tls.crt and tls.key are symlinks through
/// <c>..data</c> to a timestamped folder, and an update writes a new folder then renames a new
/// <c>..data</c> link over the old one in one step.
/// </summary>
public sealed class SecretMount : IDisposable
{
    private int _version;

    public SecretMount(X509Certificate2 certificate)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("fleet-tls-").FullName;
        var first = WriteVersion(TestCertificates.CertificatePem(certificate), TestCertificates.KeyPem(certificate));
        File.CreateSymbolicLink(DataLink, first);
        File.CreateSymbolicLink(CertificatePath, Path.Combine("..data", "tls.crt"));
        File.CreateSymbolicLink(KeyPath, Path.Combine("..data", "tls.key"));
    }

    public string Directory { get; }

    public string CertificatePath => Path.Combine(Directory, "tls.crt");

    public string KeyPath => Path.Combine(Directory, "tls.key");

    private string DataLink => Path.Combine(Directory, "..data");

    /// <summary>What the kubelet does when the secret changes: a new folder, then an atomic rename of the link.</summary>
    public void Swap(X509Certificate2 certificate)
    {
        var previous = File.ResolveLinkTarget(DataLink, returnFinalTarget: false)!.FullName;
        var next = WriteVersion(TestCertificates.CertificatePem(certificate), TestCertificates.KeyPem(certificate));
        var temporaryLink = Path.Combine(Directory, "..data_tmp");
        File.CreateSymbolicLink(temporaryLink, next);
        RenameOver(temporaryLink, DataLink);
        System.IO.Directory.Delete(previous, recursive: true);
    }

    /// <summary>What a tool renewing the files in place does (through the links).</summary>
    public void Overwrite(string certificatePem, string keyPem)
    {
        File.WriteAllText(CertificatePath, certificatePem);
        File.WriteAllText(KeyPath, keyPem);
    }

    public void Overwrite(X509Certificate2 certificate) =>
        Overwrite(TestCertificates.CertificatePem(certificate), TestCertificates.KeyPem(certificate));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    /// <summary>rename(2), as the kubelet does: File.Move follows a link to a folder and refuses it.</summary>
    private static void RenameOver(string source, string destination)
    {
        using var mv = System.Diagnostics.Process.Start("mv", ["-T", source, destination]);
        mv.WaitForExit();
        if (mv.ExitCode != 0)
        {
            throw new IOException($"mv -T {source} {destination} exited with {mv.ExitCode}");
        }
    }

    private string WriteVersion(string certificatePem, string keyPem)
    {
        var folder = Path.Combine(Directory, $"..version_{++_version}");
        System.IO.Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "tls.crt"), certificatePem);
        File.WriteAllText(Path.Combine(folder, "tls.key"), keyPem);
        return folder;
    }
}
