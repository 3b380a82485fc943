using Fleet.Gateway.Security.Tls;
using Microsoft.Extensions.Logging;

namespace Fleet.Tests.Security.Tls;

public class ReloadingServerCertificateTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _a = TestCertificates.SelfSignedServer("reload-a");
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _b = TestCertificates.SelfSignedServer("reload-b");
    private readonly SecretMount _secret;
    private readonly FixedClock _clock = new(DateTimeOffset.UtcNow);
    private readonly RecordingLogger<ReloadingServerCertificate> _log = new();

    public ReloadingServerCertificateTests() => _secret = new SecretMount(_a);

    public void Dispose() => _secret.Dispose();

    private ReloadingServerCertificate Load() =>
        new(new CertificateFiles(_secret.CertificatePath, _secret.KeyPath), Interval, _clock, _log);

    private static string Served(ReloadingServerCertificate certificate) => certificate.Context.TargetCertificate.Thumbprint;

    [Fact]
    public void Constructor_ValidFiles_LogsSubjectThumbprintAndExpiry()
    {
        var certificate = Load();

        Assert.Equal(_a.Thumbprint, Served(certificate));
        var loaded = Assert.Single(_log.At(LogLevel.Information));
        Assert.Contains("CN=reload-a", loaded, StringComparison.Ordinal);
        Assert.Contains(_a.Thumbprint, loaded, StringComparison.Ordinal);
        Assert.Contains(_a.NotAfter.ToUniversalTime().ToString("u", System.Globalization.CultureInfo.InvariantCulture), loaded, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MissingKey_Throws()
    {
        File.Delete(_secret.KeyPath);

        Assert.Throws<FileNotFoundException>(Load);
    }

    [Fact]
    public void Context_ChangedWithinInterval_OldUntilIntervalPassed()
    {
        var certificate = Load();
        _secret.Swap(_b);

        _clock.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.Equal(_a.Thumbprint, Served(certificate));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(_b.Thumbprint, Served(certificate));
    }

    [Fact]
    public void Context_BrokenFilesOverManyChecks_OneWarningAndPreviousKept()
    {
        var certificate = Load();
        _secret.Overwrite("-----BEGIN CERTIFICATE-----\nnot a certificate\n", "");

        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(Interval);
            Assert.Equal(_a.Thumbprint, Served(certificate));
        }

        var warning = Assert.Single(_log.At(LogLevel.Warning));
        Assert.Contains(_a.Thumbprint, warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Context_FilesGoneThenBack_PreviousKeptThenNewLoaded()
    {
        var certificate = Load();
        File.Delete(_secret.CertificatePath);

        _clock.Advance(Interval);
        Assert.Equal(_a.Thumbprint, Served(certificate));
        _clock.Advance(Interval);
        Assert.Single(_log.At(LogLevel.Warning));

        File.CreateSymbolicLink(_secret.CertificatePath, Path.Combine("..data", "tls.crt"));
        _secret.Swap(_b);
        _clock.Advance(Interval);

        Assert.Equal(_b.Thumbprint, Served(certificate));
        Assert.Equal(2, _log.At(LogLevel.Information).Count());
    }
}
