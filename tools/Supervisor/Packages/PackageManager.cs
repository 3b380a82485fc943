using System.Security.Cryptography;
using System.Threading.Channels;
using Fleet.Contracts.OpAmp;
using Fleet.Supervisor.Agent;
using Fleet.Supervisor.Configuration;
using Fleet.Supervisor.Storage;
using Google.Protobuf;

namespace Fleet.Supervisor.Packages;

/// <summary>
/// Installs what the server offers (PackagesAvailable), following the OpAMP download procedure:
/// nothing to do when all_packages_hash matches; per package, skip it when its hash matches what is
/// installed, else download it, verify its SHA-256 content hash, and swap it into place (the top-level
/// package is the agent executable; addons are files in the packages directory). Packages no longer
/// offered are removed. After changes the agent is restarted; if it does not come up healthy every
/// change is rolled back. Progress and results are reported as PackageStatuses.
/// </summary>
internal sealed partial class PackageManager : IAsyncDisposable
{
    private readonly AgentSettings _agent;
    private readonly PackageStore _store;
    private readonly AgentRunner _runner;
    private readonly PackageDownloader _downloader;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _installing = new(1, 1);
    private readonly Channel<PackagesAvailable> _offers = Channel.CreateBounded<PackagesAvailable>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _statusLock = new();
    private readonly Dictionary<string, PackageStatus> _statuses = new(StringComparer.Ordinal);
    private readonly InstalledPackages _installed;
    private ByteString _serverProvidedAllPackagesHash;
    private string _offerError = "";
    private Task _worker = Task.CompletedTask;

    public PackageManager(AgentSettings agent, PackageSettings packages, SupervisorStorage storage, AgentRunner runner, HttpClient http, ILoggerFactory loggers,
        Func<Uri, IEnumerable<KeyValuePair<string, string>>?>? serverHeaders = null)
    {
        _agent = agent;
        _store = new PackageStore(storage.PackagesDirectory);
        _runner = runner;
        _downloader = new PackageDownloader(http, packages.DownloadTimeout, serverHeaders);
        _logger = loggers.CreateLogger<PackageManager>();
        _installed = _store.Load();
        _serverProvidedAllPackagesHash = _installed.AllPackagesHash is { } hash ? ByteString.CopyFrom(Convert.FromHexString(hash)) : ByteString.Empty;
        foreach (var package in _installed.Packages.Values)
        {
            _statuses[package.Name] = InstalledStatus(package);
        }
    }

    /// <summary>Raised with a fresh snapshot whenever a package's status changes.</summary>
    public event Action<PackageStatuses>? StatusesChanged;

    public PackageStatuses Statuses
    {
        get
        {
            lock (_statusLock)
            {
                var statuses = new PackageStatuses { ServerProvidedAllPackagesHash = _serverProvidedAllPackagesHash, ErrorMessage = _offerError };
                foreach (var (name, status) in _statuses)
                {
                    statuses.Packages[name] = status.Clone();
                }
                return statuses;
            }
        }
    }

    /// <summary>Queues an offer for the background worker (a newer offer replaces a queued one).</summary>
    public void Offer(PackagesAvailable offer) => _offers.Writer.TryWrite(offer);

    public void StartProcessing() => _worker = Task.Run(() => ProcessOffersAsync(_disposing.Token));

    public async ValueTask DisposeAsync()
    {
        _offers.Writer.TryComplete();
        await _disposing.CancelAsync();
        await _worker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _disposing.Dispose();
        _installing.Dispose();
    }

    /// <summary>Processes one offer to the end (downloads, swaps, restart, statuses).</summary>
    public async Task InstallAsync(PackagesAvailable offer, CancellationToken cancellationToken)
    {
        await _installing.WaitAsync(cancellationToken);
        try
        {
            await InstallLockedAsync(offer, cancellationToken);
        }
        finally
        {
            _installing.Release();
        }
    }

    private async Task ProcessOffersAsync(CancellationToken cancellationToken)
    {
        await foreach (var offer in _offers.Reader.ReadAllAsync(cancellationToken))
        {
            try
            {
                await InstallAsync(offer, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogOfferFailed(_logger, e);
                lock (_statusLock)
                {
                    _offerError = e.Message;
                }
                Publish();
            }
        }
    }

    private async Task InstallLockedAsync(PackagesAvailable offer, CancellationToken cancellationToken)
    {
        lock (_statusLock)
        {
            _serverProvidedAllPackagesHash = offer.AllPackagesHash;
            _offerError = "";
        }
        if (IsInstalled(offer))
        {
            Publish();
            return;
        }

        var swaps = new List<PackageSwap>();
        var topLevelSeen = false;
        foreach (var (name, package) in offer.Packages.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            _installed.Packages.TryGetValue(name, out var had);
            if (had is not null && had.Hash == Hex(package.Hash) && File.Exists(had.Path))
            {
                SetStatus(InstalledStatus(had));
                continue;
            }
            try
            {
                if (package.Type == PackageType.TopLevel && topLevelSeen)
                {
                    throw new PackageInstallException("only one top-level package (the agent executable) can be installed");
                }
                topLevelSeen |= package.Type == PackageType.TopLevel;
                if (await StageAsync(name, package, had, cancellationToken) is { } swap)
                {
                    swaps.Add(swap);
                }
            }
            catch (PackageInstallException e)
            {
                LogPackageFailed(_logger, name, package.Version, e.Message);
                SetStatus(FailedStatus(name, package, had, e.Message));
            }
        }
        foreach (var gone in _installed.Packages.Values.Where(p => !offer.Packages.ContainsKey(p.Name)).ToList())
        {
            if (gone.TopLevel)
            {
                // The agent executable stays; it is just no longer a server-provided package.
                _installed.Packages.Remove(gone.Name);
                RemoveStatus(gone.Name);
            }
            else
            {
                swaps.Add(PackageSwap.Removal(gone.Name, gone.Path));
            }
        }

        if (swaps.Count > 0)
        {
            await SwapInAsync(offer, swaps, cancellationToken);
        }
        if (offer.Packages.Keys.All(IsInstalled))
        {
            _installed.AllPackagesHash = Hex(offer.AllPackagesHash);
        }
        _store.Save(_installed);
        Publish();
    }

    /// <summary>Step 1: the offer matches what is installed, package for package.</summary>
    private bool IsInstalled(PackagesAvailable offer) =>
        !offer.AllPackagesHash.IsEmpty
        && _installed.AllPackagesHash == Hex(offer.AllPackagesHash)
        && offer.Packages.Count == _installed.Packages.Count
        && offer.Packages.All(p => _installed.Packages.TryGetValue(p.Key, out var had) && had.Hash == Hex(p.Value.Hash) && File.Exists(had.Path));

    /// <summary>Downloads and verifies one package beside its target; null when the target already has that content.</summary>
    private async Task<PackageSwap?> StageAsync(string name, PackageAvailable package, InstalledPackage? had, CancellationToken cancellationToken)
    {
        var file = package.File ?? throw new PackageInstallException("the offer has no file");
        if (file.ContentHash.Length != SHA256.HashSizeInBytes)
        {
            throw new PackageInstallException("the offer has no SHA-256 content hash to verify the download with");
        }
        var target = Target(name, package);
        var expected = Hex(file.ContentHash);
        if (!file.Signature.IsEmpty)
        {
            LogSignatureNotChecked(_logger, name);
        }
        if (File.Exists(target) && await FileHashAsync(target, cancellationToken) == expected)
        {
            // Step 3: the file is already there (e.g. the agent executable as shipped).
            var same = new InstalledPackage(name, package.Version, package.Type == PackageType.TopLevel, Hex(package.Hash), expected, target);
            _installed.Packages[name] = same;
            SetStatus(InstalledStatus(same));
            return null;
        }

        SetStatus(ProgressStatus(name, package, had, PackageStatusEnum.Downloading));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var staged = AtomicFile.TemporaryPathBeside(target);
        try
        {
            var actual = Hex(await _downloader.DownloadAsync(file, staged, details =>
            {
                var downloading = ProgressStatus(name, package, had, PackageStatusEnum.Downloading);
                downloading.DownloadDetails = details;
                SetStatus(downloading);
            }, cancellationToken));
            if (actual != expected)
            {
                throw new PackageInstallException($"content hash mismatch: the offer says sha256 {expected}, the download has {actual}");
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(staged, File.Exists(target) ? File.GetUnixFileMode(target) : ModeFor(package));
            }
            SetStatus(ProgressStatus(name, package, had, PackageStatusEnum.Installing));
            LogDownloaded(_logger, name, package.Version, target);
            return PackageSwap.Install(name, target, staged);
        }
        catch
        {
            File.Delete(staged);
            throw;
        }
    }

    /// <summary>Puts every verified package in place, restarts the agent once, and keeps or rolls back the lot.</summary>
    private async Task SwapInAsync(PackagesAvailable offer, List<PackageSwap> swaps, CancellationToken cancellationToken)
    {
        var applied = new List<PackageSwap>();
        string? failure = null;
        try
        {
            foreach (var swap in swaps)
            {
                swap.Apply();
                applied.Add(swap);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = $"cannot put the package in place: {e.Message}";
        }
        if (failure is null && _runner.KeepsRunning)
        {
            var restarted = await _runner.RestartAsync(cancellationToken);
            if (!restarted.Healthy)
            {
                failure = $"the agent did not come up healthy after the install ({restarted.Error}); rolled back";
            }
        }

        if (failure is not null)
        {
            LogRollingBack(_logger, failure);
            foreach (var swap in Enumerable.Reverse(applied))
            {
                swap.RollBack();
            }
            foreach (var swap in swaps.Where(s => !s.IsRemoval))
            {
                swap.Discard();
                _installed.Packages.TryGetValue(swap.Name, out var had);
                SetStatus(FailedStatus(swap.Name, offer.Packages[swap.Name], had, failure));
            }
            if (applied.Count > 0 && _runner.KeepsRunning)
            {
                await _runner.RestartAsync(cancellationToken);
            }
            return;
        }

        foreach (var swap in swaps)
        {
            swap.Commit();
            if (swap.IsRemoval)
            {
                _installed.Packages.Remove(swap.Name);
                RemoveStatus(swap.Name);
                LogRemoved(_logger, swap.Name);
                continue;
            }
            var package = offer.Packages[swap.Name];
            var installed = new InstalledPackage(swap.Name, package.Version, package.Type == PackageType.TopLevel, Hex(package.Hash), Hex(package.File.ContentHash), swap.Target);
            _installed.Packages[swap.Name] = installed;
            SetStatus(InstalledStatus(installed));
            LogInstalled(_logger, swap.Name, package.Version);
        }
    }

    private string Target(string name, PackageAvailable package)
    {
        if (package.Type != PackageType.TopLevel)
        {
            return _store.AddonPath(name);
        }
        return Path.IsPathFullyQualified(_agent.Executable)
            ? _agent.Executable
            : throw new PackageInstallException($"agent.executable '{_agent.Executable}' is not a path: the top-level package cannot replace it");
    }

    private static UnixFileMode ModeFor(PackageAvailable package) =>
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead
        | (package.Type == PackageType.TopLevel ? UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : 0);

    private static async Task<string> FileHashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Hex(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static PackageStatus InstalledStatus(InstalledPackage package) => new()
    {
        Name = package.Name,
        AgentHasVersion = package.Version,
        AgentHasHash = ByteString.CopyFrom(Convert.FromHexString(package.Hash)),
        ServerOfferedVersion = package.Version,
        ServerOfferedHash = ByteString.CopyFrom(Convert.FromHexString(package.Hash)),
        Status = PackageStatusEnum.Installed,
    };

    private static PackageStatus ProgressStatus(string name, PackageAvailable offered, InstalledPackage? had, PackageStatusEnum status) => new()
    {
        Name = name,
        AgentHasVersion = had?.Version ?? "",
        AgentHasHash = had is null ? ByteString.Empty : ByteString.CopyFrom(Convert.FromHexString(had.Hash)),
        ServerOfferedVersion = offered.Version,
        ServerOfferedHash = offered.Hash,
        Status = status,
    };

    private static PackageStatus FailedStatus(string name, PackageAvailable offered, InstalledPackage? had, string error)
    {
        var status = ProgressStatus(name, offered, had, PackageStatusEnum.InstallFailed);
        status.ErrorMessage = error;
        return status;
    }

    private bool IsInstalled(string name)
    {
        lock (_statusLock)
        {
            return _statuses.TryGetValue(name, out var status) && status.Status == PackageStatusEnum.Installed;
        }
    }

    private void SetStatus(PackageStatus status)
    {
        lock (_statusLock)
        {
            _statuses[status.Name] = status;
        }
        Publish();
    }

    private void RemoveStatus(string name)
    {
        lock (_statusLock)
        {
            _statuses.Remove(name);
        }
        Publish();
    }

    private void Publish() => StatusesChanged?.Invoke(Statuses);

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
