using System.Text.Json;
using Fleet.Client;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Fleet.Tests.Security.Operators;
using Google.Protobuf;

namespace Fleet.Tests.Console;

/// <summary>
/// A gateway with operator API keys (<see cref="ApiKeyGateway"/>: vera the viewer, otto the operator) and
/// one real agent whose config holds a secret, for the console's sign-in test.
/// </summary>
public sealed class SecuredConsoleFleet : IAsyncLifetime
{
    public const string Secret = "s3cr3t-db-password";

    public ApiKeyGateway Gateway { get; } = new();

    public OpAmpClient Agent { get; private set; } = null!;

    public string Base => $"http://127.0.0.1:{Gateway.ManagementPort}";

    public async Task InitializeAsync()
    {
        await Gateway.InitializeAsync();
        var yaml = $"receivers:\n  postgresql:\n    endpoint: db:5432\n    username: fleet\n    password: {Secret}\n";
        Agent = await Infrastructure.Agents.Start(Gateway.WebSocketEndpoint, "billing", c =>
        {
            c.Status.EffectiveConfig = new EffectiveConfig
            {
                ConfigMap = new AgentConfigMap { ConfigMap = { ["collector.yaml"] = new AgentConfigFile { Body = ByteString.CopyFromUtf8(yaml), ContentType = "text/yaml" } } },
            };
            c.OnRemoteConfig = (config, _) => Task.FromResult(RemoteConfigOutcome.Applied(config.Config));
        }, ConsoleFleet.RichCapabilities);
        await Gateway.AgentWhen(Agent.InstanceUid, a => a.Connected() && a.GetProperty("effectiveConfigHash").ValueKind == JsonValueKind.String, "the agent reported its config");
    }

    public async Task DisposeAsync()
    {
        await Agent.DisposeAsync();
        await Gateway.DisposeAsync();
    }
}
