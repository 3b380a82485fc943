using Fleet.Client;
using Fleet.Contracts.OpAmp;

namespace Fleet.Tests.Infrastructure;

/// <summary>Agents built with the Fleet client library, described the way collectors describe themselves.</summary>
public static class Agents
{
    public static AgentDescription Description(string serviceName, string version = "1.0.0") => new()
    {
        IdentifyingAttributes =
        {
            new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = serviceName } },
            new KeyValue { Key = "service.version", Value = new AnyValue { StringValue = version } },
        },
        NonIdentifyingAttributes =
        {
            new KeyValue { Key = "os.type", Value = new AnyValue { StringValue = "linux" } },
        },
    };

    public static async Task<OpAmpClient> Start(Uri endpoint, string name, Action<OpAmpClient>? configure = null, ulong? capabilities = null, TimeSpan? heartbeat = null)
    {
        var options = new OpAmpClientOptions
        {
            Endpoint = endpoint,
            Description = Description(name),
            HeartbeatInterval = heartbeat ?? TimeSpan.FromSeconds(1),
        };
        if (capabilities is { } caps)
        {
            options = new OpAmpClientOptions { Endpoint = endpoint, Description = Description(name), HeartbeatInterval = options.HeartbeatInterval, Capabilities = caps };
        }
        var client = new OpAmpClient(options);
        client.Status.Health = new ComponentHealth { Healthy = true, Status = "running" };
        configure?.Invoke(client);
        await client.StartAsync(CancellationToken.None);
        return client;
    }
}
