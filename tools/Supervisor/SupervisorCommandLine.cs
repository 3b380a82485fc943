namespace Fleet.Supervisor;

/// <summary><c>--config PATH</c> (or <c>--config=PATH</c>); <c>--help</c>.</summary>
internal static class SupervisorCommandLine
{
    public const string Usage = """
        usage: Fleet.Supervisor --config supervisor.yaml

        Runs an agent process for an OpAMP server: remote config with rollback, health, restarts,
        packages. See tools/Supervisor/README.md for the YAML file.
        """;

    /// <summary>The config file path, or null when the arguments ask for help or are wrong.</summary>
    public static string? ConfigPath(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Length)
            {
                return args[i + 1];
            }
            if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                return args[i]["--config=".Length..];
            }
        }
        return null;
    }
}
