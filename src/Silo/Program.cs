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
await app.RunAsync();
