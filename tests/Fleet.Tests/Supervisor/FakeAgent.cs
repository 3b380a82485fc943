using System.Diagnostics;
using Fleet.Supervisor.Configuration;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Supervisor;

/// <summary>
/// A scratch directory with a copy of fake-agent.sh as the agent executable, its config file, the
/// directory where it records what it runs with, and the supervisor's storage; plus fast settings.
/// </summary>
public sealed class FakeAgent : IDisposable
{
    public const string InitialConfig = "receivers: {} # initial\n";

    public FakeAgent(string initialConfig = InitialConfig)
    {
        Root = Path.Combine(Path.GetTempPath(), "fleet-supervisor-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "bin"));
        Directory.CreateDirectory(Path.Combine(Root, "etc"));
        File.WriteAllBytes(Executable, Script());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        if (initialConfig.Length > 0)
        {
            File.WriteAllText(ConfigFile, initialConfig);
        }
    }

    public string Root { get; }
    public string Executable => Path.Combine(Root, "bin", "fake-agent");
    public string ConfigFile => Path.Combine(Root, "etc", "collector.yaml");
    public string StateDirectory => Path.Combine(Root, "state");
    public string StorageDirectory => Path.Combine(Root, "storage");

    /// <summary>fake-agent.sh as checked in, with its version set (a "new release" for package tests).</summary>
    public static byte[] Script(int version = 1) =>
        System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests", "Fleet.Tests", "Supervisor", "fake-agent.sh"))
            .Replace("FAKE_AGENT_VERSION=1", $"FAKE_AGENT_VERSION={version}", StringComparison.Ordinal));

    /// <summary>Settings with short timings, so restarts and health changes show within a second or two.</summary>
    public SupervisorSettings Settings(Uri endpoint, string? healthCheckUrl = null) => new()
    {
        Server = new ServerSettings
        {
            Endpoint = endpoint.ToString(),
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            ConnectBackoff = new BackoffSettings { Initial = TimeSpan.FromMilliseconds(200), Max = TimeSpan.FromSeconds(1) },
        },
        Agent = new AgentSettings
        {
            Executable = Executable,
            Args = ["--config", ConfigFile, "--state", StateDirectory],
            ConfigFile = ConfigFile,
            HealthCheckUrl = healthCheckUrl,
            HealthCheckInterval = TimeSpan.FromMilliseconds(200),
            StartupPeriod = TimeSpan.FromMilliseconds(300),
            ConfigApplyTimeout = TimeSpan.FromSeconds(5),
            StopTimeout = TimeSpan.FromSeconds(2),
            RestartBackoff = new BackoffSettings { Initial = TimeSpan.FromMilliseconds(500), Max = TimeSpan.FromSeconds(2) },
            Description = new AgentDescriptionSettings { IdentifyingAttributes = { ["service.name"] = "fake-collector" } },
        },
        Storage = new StorageSettings { Directory = StorageDirectory },
    };

    private readonly HashSet<int> _seenPids = [];

    /// <summary>The pid the running (or last) agent recorded.</summary>
    public int? Pid
    {
        get
        {
            if (Read("pid") is not { } text || !int.TryParse(text, out var pid))
            {
                return null;
            }
            lock (_seenPids)
            {
                _seenPids.Add(pid);
            }
            return pid;
        }
    }

    public string? Version => Read("version");

    /// <summary>The config the agent read when it started.</summary>
    public string? RecordedConfig => Read("config");

    public async Task<int> PidWhen(Func<int, bool> predicate, string because)
    {
        var found = 0;
        await Eventually.True(() => Task.FromResult(Pid is { } pid && predicate(found = pid) && IsRunning(pid)), because);
        return found;
    }

    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Kills any agent the supervisor left behind (a failing test), then removes the directory.</summary>
    public void Dispose()
    {
        _ = Pid;
        lock (_seenPids)
        {
            foreach (var pid in _seenPids.Where(IsRunning))
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a scratch directory under /tmp.
        }
    }

    private string? Read(string name)
    {
        var path = Path.Combine(StateDirectory, name);
        return File.Exists(path) ? File.ReadAllText(path).TrimEnd('\n') : null;
    }
}
