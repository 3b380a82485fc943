using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Fleet.Gateway.Security.Tls;

/// <summary>
/// A server certificate read from PEM files, and read again when they change, so that a renewal
/// (cert-manager, a Kubernetes secret swapped under its mount) reaches new handshakes without a restart.
/// The files are looked at during a handshake at most once per interval and their contents compared,
/// so any way of replacing them (symlink swap, rename, overwrite) is noticed. Contents that do not load
/// (half written, a key that does not match the certificate yet) keep the previous certificate.
/// </summary>
public sealed partial class ReloadingServerCertificate
{
    private readonly CertificateFiles _files;
    private readonly long _intervalTicks;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Lock _checking = new();
    private LoadedCertificate _current;
    private string _seen;
    private long _nextCheck;

    /// <exception cref="IOException">A file cannot be read (start-up fails: a TLS listener without a certificate serves no one).</exception>
    /// <exception cref="CryptographicException">The files do not hold a certificate and its matching key.</exception>
    public ReloadingServerCertificate(CertificateFiles files, TimeSpan reloadInterval, TimeProvider clock, ILogger<ReloadingServerCertificate> logger)
    {
        _files = files;
        _clock = clock;
        _logger = logger;
        _intervalTicks = (long)(Math.Max(0, reloadInterval.TotalSeconds) * clock.TimestampFrequency);
        var (certificatePem, keyPem) = Read();
        _current = Load(certificatePem, keyPem, Fingerprint(certificatePem, keyPem));
        _seen = _current.Fingerprint;
        _nextCheck = clock.GetTimestamp() + _intervalTicks;
        LogCurrent();
    }

    /// <summary>The certificate new handshakes present (looking at the files first when the interval has passed).</summary>
    public SslStreamCertificateContext Context
    {
        get
        {
            RefreshIfDue();
            return Volatile.Read(ref _current).Context;
        }
    }

    public X509Certificate2 Certificate => Volatile.Read(ref _current).Certificate;

    private void RefreshIfDue()
    {
        if (_clock.GetTimestamp() < Volatile.Read(ref _nextCheck) || !_checking.TryEnter())
        {
            // Not due, or another handshake is looking right now: this one takes the current certificate.
            return;
        }
        try
        {
            if (_clock.GetTimestamp() >= _nextCheck)
            {
                Refresh();
                Volatile.Write(ref _nextCheck, _clock.GetTimestamp() + _intervalTicks);
            }
        }
        finally
        {
            _checking.Exit();
        }
    }

    private void Refresh()
    {
        string certificatePem, keyPem;
        try
        {
            (certificatePem, keyPem) = Read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Refuse($"unreadable: {e.Message}", e.Message);
            return;
        }
        var fingerprint = Fingerprint(certificatePem, keyPem);
        if (fingerprint == _seen)
        {
            return;
        }
        _seen = fingerprint;
        if (fingerprint == _current.Fingerprint)
        {
            // Back to what is loaded after a broken version: nothing to do.
            return;
        }
        try
        {
            // The previous certificate is not disposed: handshakes in flight may still be using it.
            Volatile.Write(ref _current, Load(certificatePem, keyPem, fingerprint));
            LogCurrent();
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            LogReloadRefused(_logger, _files.CertificatePath, _files.KeyPath, e.Message, _current.Certificate.Thumbprint);
        }
    }

    /// <summary>Warns once per distinct failure, not on every check while the files stay broken.</summary>
    private void Refuse(string seen, string reason)
    {
        if (seen == _seen)
        {
            return;
        }
        _seen = seen;
        LogReloadRefused(_logger, _files.CertificatePath, _files.KeyPath, reason, _current.Certificate.Thumbprint);
    }

    private void LogCurrent() =>
        LogLoaded(_logger, _files.CertificatePath, _current.Certificate.Subject, _current.Certificate.Thumbprint, _current.Certificate.NotAfter.ToUniversalTime());

    private (string CertificatePem, string KeyPem) Read() =>
        (File.ReadAllText(_files.CertificatePath), File.ReadAllText(_files.KeyPath));

    private static string Fingerprint(string certificatePem, string keyPem) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(certificatePem + "\n--\n" + keyPem)));

    private static LoadedCertificate Load(string certificatePem, string keyPem, string fingerprint)
    {
        // The first certificate of the file is the server's; the rest are intermediates sent along with it.
        var certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        if (OperatingSystem.IsWindows())
        {
            // SChannel cannot use the ephemeral key a PEM import makes.
            certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(certificatePem);
        var intermediates = new X509Certificate2Collection(chain.Where(c => c.Thumbprint != certificate.Thumbprint).ToArray());
        // offline: never block a handshake fetching missing intermediates from the network.
        var context = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
        return new LoadedCertificate(certificate, context, fingerprint);
    }

    private sealed record LoadedCertificate(X509Certificate2 Certificate, SslStreamCertificateContext Context, string Fingerprint);
}
