using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Fleet.Supervisor.Configuration;

/// <summary>
/// Reads and checks the supervisor's YAML file. Unknown keys are errors (typos should not pass
/// silently). Relative paths are taken from the file's own directory.
/// </summary>
public static class SupervisorSettingsFile
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithTypeConverter(new DurationYamlConverter())
        .Build();

    public static SupervisorSettings Load(string path)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SupervisorSettingsException($"cannot read {path}: {e.Message}", e);
        }
        return Parse(yaml, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static SupervisorSettings Parse(string yaml, string baseDirectory)
    {
        SupervisorSettings settings;
        try
        {
            settings = Yaml.Deserialize<SupervisorSettings?>(yaml) ?? new SupervisorSettings();
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            throw new SupervisorSettingsException($"line {e.Start.Line}, column {e.Start.Column}: {reason}", e);
        }
        var problems = Problems(settings).ToList();
        if (problems.Count > 0)
        {
            throw new SupervisorSettingsException(string.Join("; ", problems));
        }
        ResolvePaths(settings, baseDirectory);
        return settings;
    }

    private static IEnumerable<string> Problems(SupervisorSettings settings)
    {
        if (!Uri.TryCreate(settings.Server.Endpoint, UriKind.Absolute, out var endpoint)
            || endpoint.Scheme is not ("ws" or "wss" or "http" or "https"))
        {
            yield return "server.endpoint: an absolute ws://, wss://, http:// or https:// URL is required";
        }
        if (string.IsNullOrWhiteSpace(settings.Agent.Executable))
        {
            yield return "agent.executable is required";
        }
        if (string.IsNullOrWhiteSpace(settings.Agent.ConfigFile))
        {
            yield return "agent.config_file is required";
        }
        if (settings.Agent.HealthCheckUrl is { Length: > 0 } health
            && (!Uri.TryCreate(health, UriKind.Absolute, out var healthUri) || healthUri.Scheme is not ("http" or "https")))
        {
            yield return "agent.health_check_url: an absolute http:// or https:// URL";
        }
        if (string.IsNullOrWhiteSpace(settings.Storage.Directory))
        {
            yield return "storage.directory is required";
        }
        foreach (var (name, duration) in new[]
        {
            ("server.heartbeat_interval", settings.Server.HeartbeatInterval),
            ("agent.health_check_interval", settings.Agent.HealthCheckInterval),
            ("agent.config_apply_timeout", settings.Agent.ConfigApplyTimeout),
            ("agent.restart_backoff.initial", settings.Agent.RestartBackoff.Initial),
            ("server.connect_backoff.initial", settings.Server.ConnectBackoff.Initial),
            ("packages.download_timeout", settings.Packages.DownloadTimeout),
        })
        {
            if (duration <= TimeSpan.Zero)
            {
                yield return $"{name} must be positive";
            }
        }
        if (settings.Agent.ConfigApplyTimeout <= settings.Agent.StartupPeriod)
        {
            yield return "agent.config_apply_timeout must be longer than agent.startup_period";
        }
        foreach (var (name, backoff) in new[] { ("agent.restart_backoff", settings.Agent.RestartBackoff), ("server.connect_backoff", settings.Server.ConnectBackoff) })
        {
            if (backoff.Max < backoff.Initial)
            {
                yield return $"{name}.max must not be below {name}.initial";
            }
        }
    }

    private static void ResolvePaths(SupervisorSettings settings, string baseDirectory)
    {
        var agent = settings.Agent;
        agent.Executable = agent.Executable.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? Path.GetFullPath(agent.Executable, baseDirectory)
            : OnPath(agent.Executable) ?? agent.Executable;
        agent.ConfigFile = Path.GetFullPath(agent.ConfigFile, baseDirectory);
        settings.Storage.Directory = Path.GetFullPath(settings.Storage.Directory, baseDirectory);
    }

    /// <summary>A bare command name, found the way a shell would (a top-level package needs the real path).</summary>
    private static string? OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(File.Exists);
}
