namespace Fleet.Supervisor.Configuration;

public sealed class AgentSettings
{
    /// <summary>The agent's executable; a top-level package replaces this file.</summary>
    public string Executable { get; set; } = "";

    public List<string> Args { get; set; } = [];

    /// <summary>Extra environment variables for the agent process.</summary>
    public Dictionary<string, string> Env { get; set; } = [];

    /// <summary>Where the remote config is written (several files: beside it, under their own names).</summary>
    public string ConfigFile { get; set; } = "";

    /// <summary>Optional HTTP endpoint answering 2xx while the agent is healthy.</summary>
    public string? HealthCheckUrl { get; set; }

    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Without a health check URL, the agent counts as healthy once it has run this long.</summary>
    public TimeSpan StartupPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a restarted agent (new config or package) has to come up healthy before it is rolled back.</summary>
    public TimeSpan ConfigApplyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Between SIGTERM and SIGKILL when the agent is stopped.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Delay before restarting an agent that exited on its own.</summary>
    public BackoffSettings RestartBackoff { get; set; } = new();

    public AgentDescriptionSettings Description { get; set; } = new();
}
