using Fleet.Supervisor;
using Fleet.Supervisor.Configuration;

// dotnet run --project tools/Supervisor -- --config supervisor.yaml
if (SupervisorCommandLine.ConfigPath(args) is not { } configPath)
{
    Console.Error.WriteLine(SupervisorCommandLine.Usage);
    return 2;
}

SupervisorSettings settings;
try
{
    settings = SupervisorSettingsFile.Load(configPath);
}
catch (SupervisorSettingsException e)
{
    Console.Error.WriteLine($"{configPath}: {e.Message}");
    return 2;
}

using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.TimestampFormat = "HH:mm:ss.fff ";
}));
using var shutdown = new ShutdownSignal();
await using var supervisor = new AgentSupervisor(settings, loggers);
await supervisor.RunAsync(shutdown.Token);
return 0;
