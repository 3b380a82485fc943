using System.Text;
using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.LoadTest.Agents;

/// <summary>What a simulated agent says about itself: a collector's description, health and config.</summary>
public static class AgentProfile
{
    public const string ConfigFileName = "collector.yaml";
    public const string ConfigContentType = "text/yaml";

    private const string BaseConfig = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 0.0.0.0:4317
              http:
                endpoint: 0.0.0.0:4318
          hostmetrics:
            collection_interval: 30s
            scrapers:
              cpu: {}
              memory: {}
              filesystem: {}
        processors:
          memory_limiter:
            check_interval: 1s
            limit_percentage: 80
          batch:
            send_batch_size: 8192
            timeout: 5s
        exporters:
          otlphttp:
            endpoint: https://telemetry.example.internal:4318
            compression: gzip
        service:
          pipelines:
            metrics:
              receivers: [otlp, hostmetrics]
              processors: [memory_limiter, batch]
              exporters: [otlphttp]
            traces:
              receivers: [otlp]
              processors: [memory_limiter, batch]
              exporters: [otlphttp]

        """;

    /// <summary>Names the run an agent belongs to, so a profile can select exactly this run's agents.</summary>
    public const string RunAttribute = "loadtest.run";

    public static AgentDescription Description(Guid uid, int index) => new()
    {
        IdentifyingAttributes =
        {
            Attribute("service.name", "otelcol-contrib"),
            Attribute("service.version", "0.120.0"),
            Attribute("service.instance.id", uid.ToString("D")),
        },
        NonIdentifyingAttributes =
        {
            Attribute("host.name", $"loadtest-host-{index:D6}"),
            Attribute("host.arch", "amd64"),
            Attribute("os.type", "linux"),
            Attribute("os.description", "Debian GNU/Linux 12 (bookworm)"),
            Attribute(RunAttribute, AgentIdentity.RunIdOf(uid).ToString("x12", System.Globalization.CultureInfo.InvariantCulture)),
        },
    };

    public static ComponentHealth Health(bool healthy)
    {
        var now = (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
        return new ComponentHealth
        {
            Healthy = healthy,
            Status = healthy ? "StatusOK" : "StatusRecoverableError",
            LastError = healthy ? "" : "exporter otlphttp: sending queue is full",
            StartTimeUnixNano = now,
            StatusTimeUnixNano = now,
        };
    }

    /// <summary>A collector config of exactly <paramref name="bytes"/> bytes (ASCII), marked so its hash is unique to <paramref name="marker"/>.</summary>
    public static string ConfigYaml(int bytes, string marker)
    {
        var text = new StringBuilder();
        text.Append("# ").Append(marker).Append('\n');
        text.Append(BaseConfig);
        for (var extra = 0; text.Length < bytes; extra++)
        {
            // Grow the way real configs grow: more processors, each a few lines.
            text.Append($"# attributes/extra{extra}: {{ actions: [{{ key: team, value: platform-{extra}, action: upsert }}] }}\n");
        }
        return text.Length > bytes ? text.ToString(0, bytes) : text.ToString();
    }

    public static AgentConfigMap ConfigMap(string yaml) => new()
    {
        ConfigMap =
        {
            [ConfigFileName] = new AgentConfigFile { Body = ByteString.CopyFromUtf8(yaml), ContentType = ConfigContentType },
        },
    };

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
