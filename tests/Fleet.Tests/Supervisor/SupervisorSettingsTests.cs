using System.Text.RegularExpressions;
using Fleet.Supervisor.Configuration;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Supervisor;

public partial class SupervisorSettingsTests
{
    private const string Minimal = """
        server: { endpoint: ws://127.0.0.1:4320/v1/opamp }
        agent: { executable: bin/otelcol, config_file: etc/config.yaml }
        storage: { directory: state }
        """;

    [Fact]
    public void Parse_ReadmeExample_EverySettingRead()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tools", "Supervisor", "README.md"));
        var yaml = YamlBlock().Match(readme).Groups["yaml"].Value;

        var settings = SupervisorSettingsFile.Parse(yaml, "/etc/fleet");

        Assert.Equal("ws://127.0.0.1:4320/v1/opamp", settings.Server.Endpoint);
        Assert.Equal("Bearer change-me", settings.Server.Headers["Authorization"]);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Server.HeartbeatInterval);
        Assert.Equal("/usr/local/bin/otelcol-contrib", settings.Agent.Executable);
        Assert.Equal(["--config", "/etc/otelcol/config.yaml"], settings.Agent.Args);
        Assert.Equal("400MiB", settings.Agent.Env["GOMEMLIMIT"]);
        Assert.Equal("http://127.0.0.1:13133/", settings.Agent.HealthCheckUrl);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Agent.ConfigApplyTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Agent.RestartBackoff.Max);
        Assert.Equal("otelcol-contrib", settings.Agent.Description.IdentifyingAttributes["service.name"]);
        Assert.Equal("production", settings.Agent.Description.NonIdentifyingAttributes["deployment.environment"]);
        Assert.Equal("/var/lib/fleet-supervisor", settings.Storage.Directory);
        Assert.True(settings.Capabilities.AcceptsPackages);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Packages.DownloadTimeout);
    }

    [Fact]
    public void Parse_RelativePaths_TakenFromTheFilesDirectory()
    {
        var settings = SupervisorSettingsFile.Parse(Minimal, "/opt/fleet");

        Assert.Equal("/opt/fleet/bin/otelcol", settings.Agent.Executable);
        Assert.Equal("/opt/fleet/etc/config.yaml", settings.Agent.ConfigFile);
        Assert.Equal("/opt/fleet/state", settings.Storage.Directory);
    }

    [Fact]
    public void Parse_UnknownKey_ErrorNamesItsLine()
    {
        var error = Assert.Throws<SupervisorSettingsException>(() => SupervisorSettingsFile.Parse(Minimal + "\nagnet: {}\n", "/"));

        Assert.Contains("line 4", error.Message);
    }

    [Fact]
    public void Parse_RequiredSettingsMissing_ErrorListsEach()
    {
        var error = Assert.Throws<SupervisorSettingsException>(() => SupervisorSettingsFile.Parse("server: { endpoint: ftp://x }\n", "/"));

        Assert.Contains("server.endpoint", error.Message);
        Assert.Contains("agent.executable", error.Message);
        Assert.Contains("agent.config_file", error.Message);
        Assert.Contains("storage.directory", error.Message);
    }

    [Fact]
    public void Parse_BadDuration_ErrorSaysWhatADurationIs()
    {
        var error = Assert.Throws<SupervisorSettingsException>(() => SupervisorSettingsFile.Parse(Minimal + "\npackages: { download_timeout: soon }\n", "/"));

        Assert.Contains("'soon' is not a duration", error.Message);
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("5s", 5_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("00:00:02", 2_000)]
    public void GoDuration_TryParse_GoAndDotNetForms(string text, int milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [GeneratedRegex("```yaml\\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
