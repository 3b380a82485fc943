using System.Collections.Concurrent;
using System.Text.Json;
using Fleet.Client;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Console;

/// <summary>
/// A real gateway and a small, varied fleet of real agents (Fleet.Client over WebSocket and HTTP) for the
/// browser tests: healthy and unhealthy, one disconnected, one that fails every config, one drifted.
/// Each browser test changes only its own agents, so the tests do not depend on their order.
/// </summary>
public sealed class ConsoleFleet : IAsyncLifetime
{
    public const string FailMessage = "exporters::otlphttp: endpoint must be a URL";

    /// <summary>Restart-capable agents that report packages too: a collector with its distribution installed.</summary>
    public const ulong RichCapabilities = (ulong)(AgentCapabilities.ReportsStatus | AgentCapabilities.AcceptsRemoteConfig
        | AgentCapabilities.ReportsEffectiveConfig | AgentCapabilities.ReportsRemoteConfig | AgentCapabilities.ReportsHealth
        | AgentCapabilities.ReportsHeartbeat | AgentCapabilities.AcceptsRestartCommand | AgentCapabilities.ReportsPackageStatuses);

    private const ulong PlainCapabilities = Infrastructure.Messages.Caps | (ulong)AgentCapabilities.ReportsHeartbeat;

    private readonly Dictionary<string, OpAmpClient> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _restarts = new(StringComparer.Ordinal);

    public GatewayFixture Gateway { get; } = new();

    public string Base => $"http://127.0.0.1:{Gateway.ManagementPort}";

    /// <summary>Agents by key: checkout-1 … inventory.</summary>
    public IReadOnlyDictionary<string, OpAmpClient> Agents => _agents;

    /// <summary>Key → instance uid, as the browser scripts take it (--fleet).</summary>
    public string Json => JsonSerializer.Serialize(_agents.ToDictionary(a => a.Key, a => a.Value.InstanceUid.ToString()));

    public int Restarts(string key) => _restarts.GetValueOrDefault(key);

    public static string CollectorYaml(string exporterEndpoint = "https://otel.example.internal:4318") => $"""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 0.0.0.0:4317
              http:
                endpoint: 0.0.0.0:4318
        processors:
          memory_limiter:
            check_interval: 1s
            limit_percentage: 80
          batch:
            timeout: 5s
        exporters:
          otlphttp:
            endpoint: {exporterEndpoint}
            compression: gzip
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter, batch]
              exporters: [otlphttp]
            metrics:
              receivers: [otlp]
              processors: [memory_limiter, batch]
              exporters: [otlphttp]

        """;

    public async Task InitializeAsync()
    {
        await Gateway.InitializeAsync();
        var ws = Gateway.WebSocketEndpoint;
        await Task.WhenAll(
            Add("checkout-1", ws, "checkout", "1.5.0", "production", "ip-10-0-1-17"),
            Add("checkout-2", ws, "checkout", "1.5.0", "production", "ip-10-0-1-18"),
            Add("cart", ws, "cart", "1.5.0", "production", "ip-10-0-2-4"),
            Add("payments-1", ws, "payments", "1.5.0", "production", "ip-10-0-3-9"),
            Add("payments-2", ws, "payments", "1.4.2", "production", "ip-10-0-3-10", healthy: false),
            Add("search", Gateway.HttpEndpoint, "search", "1.4.2", "staging", "stg-search-1", capabilities: PlainCapabilities),
            Add("shipping", ws, "shipping", "1.4.2", "staging", "stg-ship-1", drifts: true),
            Add("ledger", ws, "ledger", "1.5.0", "production", "ip-10-0-4-2", fails: true),
            Add("inventory", ws, "inventory", "1.3.0", "staging", "stg-inv-1"));

        // One agent went away; one runs something other than what it was sent; one rejects its config.
        await _agents["inventory"].DisconnectAsync(CancellationToken.None);
        (await Gateway.SetConfig(_agents["shipping"].InstanceUid, "collector.yaml", CollectorYaml("https://otel.staging.internal:4318"))).EnsureSuccessStatusCode();
        (await Gateway.SetConfig(_agents["ledger"].InstanceUid, "collector.yaml", CollectorYaml("otel-gateway:4318"))).EnsureSuccessStatusCode();

        foreach (var (key, client) in _agents)
        {
            await Gateway.AgentWhen(client.InstanceUid, agent => key switch
            {
                "inventory" => !agent.Connected(),
                "ledger" => agent.RemoteConfigStatus() == "FAILED",
                "shipping" => agent.GetProperty("drifted").GetBoolean(),
                _ => agent.Connected() && agent.GetProperty("effectiveConfigHash").ValueKind == JsonValueKind.String,
            }, $"console fleet agent {key} is in its starting state", TimeSpan.FromSeconds(20));
        }
    }

    private async Task Add(
        string key, Uri endpoint, string service, string version, string environment, string host,
        bool healthy = true, bool drifts = false, bool fails = false, ulong capabilities = RichCapabilities)
    {
        var client = await Infrastructure.Agents.Start(endpoint, service, c =>
        {
            var description = Infrastructure.Agents.Description(service, version);
            description.IdentifyingAttributes.Add(Attribute("service.namespace", "shop"));
            description.NonIdentifyingAttributes.Add(Attribute("host.name", host));
            description.NonIdentifyingAttributes.Add(Attribute("deployment.environment", environment));
            description.NonIdentifyingAttributes.Add(Attribute("host.arch", "amd64"));
            c.Status.Description = description;
            c.Status.Health = Health(healthy);
            c.Status.EffectiveConfig = Effective(CollectorYaml());
            if ((capabilities & (ulong)AgentCapabilities.ReportsPackageStatuses) != 0)
            {
                c.Status.PackageStatuses = new PackageStatuses
                {
                    Packages =
                    {
                        ["otelcol-contrib"] = new PackageStatus { Name = "otelcol-contrib", AgentHasVersion = "0.115.1", ServerOfferedVersion = "0.115.1", Status = PackageStatusEnum.Installed },
                    },
                };
                c.Status.CustomCapabilities = new CustomCapabilities { Capabilities = { "io.opentelemetry.pprof", "com.example.flags" } };
            }
            c.OnRestart = _ =>
            {
                _restarts.AddOrUpdate(key, 1, (_, n) => n + 1);
                return Task.CompletedTask;
            };
            c.OnRemoteConfig = (config, _) => Task.FromResult(
                fails ? RemoteConfigOutcome.Failed(FailMessage)
                : drifts ? RemoteConfigOutcome.Applied(WithLocalOverride(config.Config))
                : RemoteConfigOutcome.Applied(config.Config));
        }, capabilities, heartbeat: TimeSpan.FromSeconds(1));
        lock (_agents)
        {
            _agents[key] = client;
        }
    }

    public static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static EffectiveConfig Effective(string yaml) => new()
    {
        ConfigMap = new AgentConfigMap { ConfigMap = { ["collector.yaml"] = new AgentConfigFile { Body = ByteString.CopyFromUtf8(yaml), ContentType = "text/yaml" } } },
    };

    /// <summary>What a drifting agent runs: the config it was sent plus a line of its own.</summary>
    private static AgentConfigMap WithLocalOverride(AgentConfigMap sent)
    {
        var map = sent.Clone();
        foreach (var file in map.ConfigMap.Values)
        {
            file.Body = ByteString.CopyFromUtf8(file.Body.ToStringUtf8() + "# local override: debug exporter\n");
        }
        return map;
    }

    private static ComponentHealth Health(bool healthy)
    {
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000UL;
        ComponentHealth Node(bool ok, string status, string? error = null) => new()
        {
            Healthy = ok,
            Status = status,
            LastError = error ?? "",
            StartTimeUnixNano = now,
            StatusTimeUnixNano = now,
        };
        var traces = Node(healthy, healthy ? "StatusOK" : "StatusRecoverableError");
        traces.ComponentHealthMap["receiver:otlp"] = Node(true, "StatusOK");
        traces.ComponentHealthMap["processor:batch"] = Node(true, "StatusOK");
        traces.ComponentHealthMap["exporter:otlphttp"] = healthy
            ? Node(true, "StatusOK")
            : Node(false, "StatusRecoverableError", "Post \"https://otel.example.internal:4318/v1/traces\": dial tcp 10.0.9.9:4318: connect: connection refused");
        var metrics = Node(true, "StatusOK");
        metrics.ComponentHealthMap["receiver:otlp"] = Node(true, "StatusOK");
        metrics.ComponentHealthMap["exporter:otlphttp"] = Node(true, "StatusOK");
        var root = Node(healthy, healthy ? "running" : "degraded", healthy ? null : "1 of 2 pipelines failing");
        root.ComponentHealthMap["pipeline:traces"] = traces;
        root.ComponentHealthMap["pipeline:metrics"] = metrics;
        return root;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _agents.Values)
        {
            await client.DisposeAsync();
        }
        await Gateway.DisposeAsync();
    }
}
