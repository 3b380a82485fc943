using Fleet.Hosting;
using Fleet.Hosting.Logging;
using Fleet.Hosting.Telemetry;
using Fleet.Silo;

// A silo of the Fleet cluster: Redis membership and grain storage, health on Fleet:Silo:HealthPort.
// Settings files sit beside the binary, wherever the process is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddFleetLogging();
builder.AddSiloHealthListener();
builder.UseOrleans(silo => silo.UseFleetCluster(builder.Configuration));
builder.Services.AddFleetReadiness(builder.Configuration);
builder.Services.AddFleetTelemetry(builder.Configuration, "fleet-silo");
// Answer liveness/startup probes while the silo is still joining the cluster.
builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);

var app = builder.Build();
app.MapFleetHealth();
app.MapFleetMetrics();
try
{
    await app.RunAsync();
    return 0;
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    // Settings that would run the grains wrong (Fleet:Agents, ...): say what to fix and exit.
    Console.Error.WriteLine($"Fleet silo not started: invalid settings ({e.OptionsType.Name}):");
    foreach (var failure in e.Failures)
    {
        Console.Error.WriteLine($"  {failure}");
    }
    return 1;
}
