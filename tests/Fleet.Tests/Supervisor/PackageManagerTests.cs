using System.Security.Cryptography;
using System.Text;
using Fleet.Contracts.OpAmp;
using Fleet.Supervisor.Agent;
using Fleet.Supervisor.Packages;
using Fleet.Supervisor.Storage;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Tests.Supervisor;

/// <summary>
/// The package manager fed PackagesAvailable directly, downloading from a real loopback HTTP server,
/// with fake-agent.sh running under an <see cref="AgentRunner"/>.
/// </summary>
public sealed class PackageManagerTests : IAsyncLifetime
{
    private readonly FakeAgent _agent = new();
    private readonly HttpClient _http = new();
    private readonly List<PackageStatuses> _reported = [];
    private LoopbackHttpServer _files = null!;
    private AgentRunner _runner = null!;
    private PackageManager _packages = null!;

    public async Task InitializeAsync()
    {
        _files = await LoopbackHttpServer.StartAsync();
        var settings = _agent.Settings(new Uri("ws://127.0.0.1:9/unused"));
        _runner = new AgentRunner(settings.Agent, _http, NullLoggerFactory.Instance);
        _packages = new PackageManager(settings.Agent, settings.Packages, new SupervisorStorage(settings.Storage.Directory), _runner, _http, NullLoggerFactory.Instance);
        _packages.StatusesChanged += s => { lock (_reported) { _reported.Add(s); } };
        Assert.True((await _runner.StartAsync(CancellationToken.None)).Healthy);
    }

    public async Task DisposeAsync()
    {
        await _packages.DisposeAsync();
        await _runner.DisposeAsync();
        await _files.DisposeAsync();
        _http.Dispose();
        _agent.Dispose();
    }

    [Fact]
    public async Task Install_TopLevelPackageWithMatchingHash_ExecutableSwappedAgentRestartedInstalled()
    {
        var pidBefore = _agent.Pid;
        var release = FakeAgent.Script(version: 2);
        var offer = Offer(("agent", PackageType.TopLevel, "2.0.0", release, null));

        await _packages.InstallAsync(offer, CancellationToken.None);

        var status = _packages.Statuses;
        Assert.Equal(offer.AllPackagesHash, status.ServerProvidedAllPackagesHash);
        Assert.Equal(PackageStatusEnum.Installed, status.Packages["agent"].Status);
        Assert.Equal("2.0.0", status.Packages["agent"].AgentHasVersion);
        Assert.Equal(offer.Packages["agent"].Hash, status.Packages["agent"].AgentHasHash);
        Assert.Equal(release, await File.ReadAllBytesAsync(_agent.Executable));
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(_agent.Executable).HasFlag(UnixFileMode.UserExecute), "the new executable can run");
        // The restarted agent records its pid last, once it is up: wait for it rather than race it.
        await _agent.PidWhen(pid => pid != pidBefore, "the agent runs again, from the new executable");
        Assert.Equal("2", _agent.Version);
        Assert.Equal([PackageStatusEnum.Downloading, PackageStatusEnum.Installing, PackageStatusEnum.Installed], StatusesSeen("agent"));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(_agent.Executable)!));
    }

    [Fact]
    public async Task Install_ContentHashMismatch_FailedAndPreviousExecutableKept()
    {
        var firstPid = await _agent.PidWhen(_ => true, "the agent runs");
        await _packages.InstallAsync(Offer(("agent", PackageType.TopLevel, "2.0.0", FakeAgent.Script(version: 2), null)), CancellationToken.None);
        // The restarted agent records its pid last, once it is up: wait for it rather than race it.
        int? pidBefore = await _agent.PidWhen(pid => pid != firstPid, "version 2 runs");

        var tampered = Offer(("agent", PackageType.TopLevel, "3.0.0", FakeAgent.Script(version: 3), SHA256.HashData(FakeAgent.Script(version: 4))));
        await _packages.InstallAsync(tampered, CancellationToken.None);

        var status = _packages.Statuses.Packages["agent"];
        Assert.Equal(PackageStatusEnum.InstallFailed, status.Status);
        Assert.Contains("content hash mismatch", status.ErrorMessage);
        Assert.Equal("2.0.0", status.AgentHasVersion);
        Assert.Equal("3.0.0", status.ServerOfferedVersion);
        Assert.Equal(FakeAgent.Script(version: 2), await File.ReadAllBytesAsync(_agent.Executable));
        Assert.Equal(pidBefore, _agent.Pid);
        Assert.True(FakeAgent.IsRunning(pidBefore!.Value), "the agent was left running");
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(_agent.Executable)!));
    }

    [Fact]
    public async Task Install_NewExecutableNeverHealthy_RolledBackToPrevious()
    {
        var original = await File.ReadAllBytesAsync(_agent.Executable);
        var broken = Encoding.UTF8.GetBytes("#!/usr/bin/env bash\necho 'broken build' >&2\nexit 1\n");

        await _packages.InstallAsync(Offer(("agent", PackageType.TopLevel, "2.0.0", broken, null)), CancellationToken.None);

        var status = _packages.Statuses.Packages["agent"];
        Assert.Equal(PackageStatusEnum.InstallFailed, status.Status);
        Assert.Contains("did not come up healthy", status.ErrorMessage);
        Assert.Contains("broken build", status.ErrorMessage);
        Assert.Equal("", status.AgentHasVersion);
        Assert.Equal(original, await File.ReadAllBytesAsync(_agent.Executable));
        await _agent.PidWhen(_ => true, "the previous executable runs again");
        Assert.Equal("1", _agent.Version);
    }

    [Fact]
    public async Task Install_AddonThenWithdrawn_FileAddedThenRemoved()
    {
        var content = RandomNumberGenerator.GetBytes(200_000);
        await _packages.InstallAsync(Offer(("geoip", PackageType.Addon, "2024.1", content, null)), CancellationToken.None);

        var addon = Path.Combine(_agent.StorageDirectory, "packages", "addons", "geoip");
        Assert.Equal(PackageStatusEnum.Installed, _packages.Statuses.Packages["geoip"].Status);
        Assert.Equal(content, await File.ReadAllBytesAsync(addon));

        await _packages.InstallAsync(Offer(), CancellationToken.None);

        Assert.False(File.Exists(addon), "an addon no longer offered is removed");
        Assert.Empty(_packages.Statuses.Packages);
    }

    [Fact]
    public async Task Install_SameOfferTwice_DownloadedAndRestartedOnce()
    {
        var offer = Offer(("agent", PackageType.TopLevel, "2.0.0", FakeAgent.Script(version: 2), null));
        await _packages.InstallAsync(offer, CancellationToken.None);
        var pidAfterInstall = _agent.Pid;

        await _packages.InstallAsync(offer, CancellationToken.None);

        Assert.Equal(1, _files.Requests("/agent/2.0.0"));
        Assert.Equal(pidAfterInstall, _agent.Pid);
        Assert.Equal(PackageStatusEnum.Installed, _packages.Statuses.Packages["agent"].Status);
    }

    [Fact]
    public async Task Install_DownloadAnswers404_FailedWithReason()
    {
        var offer = Offer(("agent", PackageType.TopLevel, "2.0.0", FakeAgent.Script(version: 2), null));
        _files.Serve("/agent/2.0.0", 404);

        await _packages.InstallAsync(offer, CancellationToken.None);

        var status = _packages.Statuses.Packages["agent"];
        Assert.Equal(PackageStatusEnum.InstallFailed, status.Status);
        Assert.Contains("HTTP 404", status.ErrorMessage);
        Assert.Equal("1", _agent.Version);
    }

    /// <summary>Serves each package's content and offers it, hashed the way the Fleet server hashes.</summary>
    private PackagesAvailable Offer(params (string Name, PackageType Type, string Version, byte[] Content, byte[]? ClaimedContentHash)[] packages)
    {
        var offer = new PackagesAvailable();
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, type, version, content, claimed) in packages)
        {
            var path = $"/{name}/{version}";
            _files.Serve(path, content);
            var contentHash = claimed ?? SHA256.HashData(content);
            var packageHash = SHA256.HashData([.. Encoding.UTF8.GetBytes($"{name}\0{version}\0"), .. contentHash]);
            offer.Packages[name] = new PackageAvailable
            {
                Type = type,
                Version = version,
                File = new DownloadableFile { DownloadUrl = _files.Url(path).ToString(), ContentHash = ByteString.CopyFrom(contentHash) },
                Hash = ByteString.CopyFrom(packageHash),
            };
            all.AppendData(Encoding.UTF8.GetBytes(name));
            all.AppendData(packageHash);
        }
        offer.AllPackagesHash = ByteString.CopyFrom(all.GetHashAndReset());
        return offer;
    }

    private List<PackageStatusEnum> StatusesSeen(string name)
    {
        lock (_reported)
        {
            var seen = _reported.Where(s => s.Packages.ContainsKey(name)).Select(s => s.Packages[name].Status).ToList();
            return seen.Where((status, i) => i == 0 || seen[i - 1] != status).ToList();
        }
    }
}
