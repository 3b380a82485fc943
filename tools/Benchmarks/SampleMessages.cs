using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Grains.Configs;
using Google.Protobuf;

namespace Fleet.Benchmarks;

/// <summary>The messages a typical collector sends: a full first report, heartbeats, a health change.</summary>
public static class SampleMessages
{
    public static readonly Guid Uid = Guid.Parse("01936f4e-7a2b-7c3d-8e4f-5a6b7c8d9e0f");

    public const ulong AgentCapabilitySet =
        (ulong)(AgentCapabilities.ReportsStatus | AgentCapabilities.AcceptsRemoteConfig
            | AgentCapabilities.ReportsEffectiveConfig | AgentCapabilities.ReportsRemoteConfig
            | AgentCapabilities.ReportsHealth | AgentCapabilities.ReportsHeartbeat);

    public static ByteString UidBytes => InstanceUid.ToByteString(Uid);

    /// <summary>What an agent sends on connecting: description, capabilities, health and effective config.</summary>
    public static AgentToServer FirstMessage(int configBytes) => new()
    {
        InstanceUid = UidBytes,
        SequenceNum = 1,
        Capabilities = AgentCapabilitySet,
        AgentDescription = new AgentDescription
        {
            IdentifyingAttributes =
            {
                Text("service.name", "otelcol-contrib"),
                Text("service.version", "0.120.0"),
                Text("service.instance.id", Uid.ToString("D")),
            },
            NonIdentifyingAttributes =
            {
                Text("host.name", "benchmark-host-000001"),
                Text("host.arch", "amd64"),
                Text("os.type", "linux"),
                Text("os.description", "Debian GNU/Linux 12 (bookworm)"),
            },
        },
        Health = Health(healthy: true),
        EffectiveConfig = new EffectiveConfig { ConfigMap = ConfigMap(configBytes, "effective") },
    };

    /// <summary>A compressed heartbeat: only uid, sequence number and capabilities.</summary>
    public static AgentToServer Heartbeat(ulong sequenceNum) => new()
    {
        InstanceUid = UidBytes,
        SequenceNum = sequenceNum,
        Capabilities = AgentCapabilitySet,
    };

    public static AgentToServer HealthChange(ulong sequenceNum) => new()
    {
        InstanceUid = UidBytes,
        SequenceNum = sequenceNum,
        Capabilities = AgentCapabilitySet,
        Health = Health(healthy: false),
    };

    public static AgentRemoteConfig DesiredConfig(int configBytes)
    {
        var map = ConfigMap(configBytes, "desired");
        return new AgentRemoteConfig { Config = map, ConfigHash = ConfigHash.Compute(map) };
    }

    private static AgentConfigMap ConfigMap(int bytes, string marker)
    {
        var body = new string('#', Math.Max(0, bytes - marker.Length - 1));
        return new AgentConfigMap
        {
            ConfigMap =
            {
                ["collector.yaml"] = new AgentConfigFile { Body = ByteString.CopyFromUtf8($"{marker}\n{body}"), ContentType = "text/yaml" },
            },
        };
    }

    private static ComponentHealth Health(bool healthy) => new()
    {
        Healthy = healthy,
        Status = healthy ? "StatusOK" : "StatusRecoverableError",
        StartTimeUnixNano = 1_700_000_000_000_000_000,
        StatusTimeUnixNano = 1_700_000_100_000_000_000,
    };

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
