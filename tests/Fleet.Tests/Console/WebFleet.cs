using Fleet.Client;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Console;

/// <summary>
/// A gateway of its own with four "web" agents (and one "edge" agent) for the rollout and package pages: each takes 0.7 s
/// to apply a config (so a rollout can be watched and paused) and rejects any config that says "broken".
/// </summary>
public sealed class WebFleet : IAsyncLifetime
{
    public const int Count = 4;
    public const ulong Capabilities = ConsoleFleet.RichCapabilities | (ulong)AgentCapabilities.AcceptsOpAmpconnectionSettings;

    public GatewayFixture Gateway { get; } = new();

    public List<OpAmpClient> Agents { get; } = [];

    /// <summary>An agent outside the profile (service.name=edge), for the certificate page.</summary>
    public OpAmpClient Edge { get; private set; } = null!;

    public string Base => $"http://127.0.0.1:{Gateway.ManagementPort}";

    public async Task InitializeAsync()
    {
        await Gateway.InitializeAsync();
        for (var i = 0; i < Count; i++)
        {
            Agents.Add(await Infrastructure.Agents.Start(Gateway.WebSocketEndpoint, "web", c =>
            {
                c.OnRemoteConfig = async (config, cancellation) =>
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(700), cancellation);
                    return config.Config.ConfigMap.Values.Any(f => f.Body.ToStringUtf8().Contains("broken", StringComparison.Ordinal))
                        ? RemoteConfigOutcome.Failed("unknown exporter type \"broken\"")
                        : RemoteConfigOutcome.Applied(config.Config);
                };
            }, Capabilities, heartbeat: TimeSpan.FromSeconds(1)));
        }
        Edge = await Infrastructure.Agents.Start(Gateway.WebSocketEndpoint, "edge", capabilities: Capabilities, heartbeat: TimeSpan.FromSeconds(1));
        foreach (var agent in Agents.Append(Edge))
        {
            await Gateway.AgentWhen(agent.InstanceUid, a => a.Connected(), "web agent connected");
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var agent in Agents.Append(Edge))
        {
            await agent.DisposeAsync();
        }
        await Gateway.DisposeAsync();
    }
}
