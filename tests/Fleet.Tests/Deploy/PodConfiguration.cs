using System.Text.Json;
using Fleet.Gateway;
using Fleet.Gateway.Hosting;
using Fleet.Hosting;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Tests.Deploy;

/// <summary>
/// What a container of a rendered overlay will run with: its environment as Kubernetes builds it
/// (envFrom ConfigMaps/Secrets, then env, which wins), laid over the app's appsettings.json as
/// ASP.NET Core does ("__" = ":").
/// </summary>
public sealed class PodConfiguration
{
    /// <summary>Stand-ins for downward-API values, which exist only in a running pod.</summary>
    public const string PodIp = "10.0.0.10";
    public const string PodName = "pod-0";

    private PodConfiguration(IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string> sources, IConfiguration configuration)
    {
        Environment = environment;
        Sources = sources;
        Configuration = configuration;
    }

    /// <summary>Environment variables of the container (downward-API values stood in for).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Where each variable comes from: "configmap/NAME", "secret/NAME", "field/PATH" or "literal".</summary>
    public IReadOnlyDictionary<string, string> Sources { get; }

    public IConfiguration Configuration { get; }

    public GatewayOptions Gateway => Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();

    public FleetClusterOptions Cluster => Configuration.ClusterOptions();

    public static PodConfiguration Of(RenderedOverlay overlay, JsonElement container, string appSettings)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var from in container.Array("envFrom"))
        {
            if (from.Str("configMapRef", "name") is { } map)
            {
                foreach (var (key, value) in overlay.Single("ConfigMap", map).StringMap("data"))
                {
                    (environment[key], sources[key]) = (value, $"configmap/{map}");
                }
            }
            if (from.Str("secretRef", "name") is { } secret)
            {
                foreach (var (key, value) in overlay.SecretValues(overlay.Single("Secret", secret)))
                {
                    (environment[key], sources[key]) = (value, $"secret/{secret}");
                }
            }
        }
        foreach (var variable in container.Array("env"))
        {
            var name = variable.Str("name")!;
            if (variable.Str("value") is { } literal)
            {
                (environment[name], sources[name]) = (literal, "literal");
            }
            else if (variable.Str("valueFrom", "fieldRef", "fieldPath") is { } field)
            {
                environment[name] = field switch
                {
                    "status.podIP" => PodIp,
                    "metadata.name" => PodName,
                    "metadata.namespace" => overlay.Namespace,
                    _ => field,
                };
                sources[name] = $"field/{field}";
            }
            else if (variable.At("valueFrom", "secretKeyRef") is { } secretRef)
            {
                var secret = secretRef.Str("name")!;
                (environment[name], sources[name]) = (overlay.SecretValue(secret, secretRef.Str("key")!), $"secret/{secret}");
            }
            else if (variable.At("valueFrom", "configMapKeyRef") is { } mapRef)
            {
                var map = mapRef.Str("name")!;
                (environment[name], sources[name]) = (overlay.Single("ConfigMap", map).StringMap("data")[mapRef.Str("key")!], $"configmap/{map}");
            }
        }
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryRoot.Path, appSettings), optional: false)
            .AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), (string?)e.Value)))
            .Build();
        return new PodConfiguration(environment, sources, configuration);
    }

    /// <summary>
    /// The gateway's own shutdown timeout under this environment: the gateway is built (not started)
    /// with it, so the figure is the app's, not a copy of its formula.
    /// </summary>
    public async Task<TimeSpan> GatewayShutdownTimeout()
    {
        var args = Environment.Select(e => $"--{e.Key.Replace("__", ":", StringComparison.Ordinal)}={e.Value}").ToArray();
        var app = GatewayApp.Build(args);
        await using (app)
        {
            return app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        }
    }
}
