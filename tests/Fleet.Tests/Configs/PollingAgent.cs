using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Configs;

/// <summary>
/// An agent speaking to its grain as the HTTP transport does, one poll at a time: it applies (or fails)
/// the remote config a reply carries and says so in its next message, as collectors do.
/// </summary>
public sealed class PollingAgent
{
    private readonly IAgentGrain _grain;
    private readonly AgentConnection _connection = new(Guid.CreateVersion7(), AgentTransport.Http, "test-gateway", null);
    private readonly bool _fails;
    private ulong _sequence;
    private RemoteConfigStatus? _unreported;

    private PollingAgent(IGrainFactory grains, Guid uid, bool fails)
    {
        Uid = uid;
        _grain = grains.GetGrain<IAgentGrain>(uid);
        _fails = fails;
    }

    public Guid Uid { get; }

    /// <summary>The hash of the last config it was sent, hex.</summary>
    public string? Received { get; private set; }

    /// <summary>Introduces an agent labelled <c>env=<paramref name="env"/></c>.</summary>
    public static async Task<PollingAgent> Start(IGrainFactory grains, string env, string name, bool fails = false)
    {
        var agent = new PollingAgent(grains, Guid.CreateVersion7(), fails);
        var first = Messages.First(agent.Uid, name);
        first.AgentDescription.NonIdentifyingAttributes.Add(new KeyValue { Key = "env", Value = new AnyValue { StringValue = env } });
        agent._sequence = 1;
        await agent.Send(first);
        return agent;
    }

    /// <summary>One poll: reports what it did with the last config, takes what the reply brings.</summary>
    public async Task Poll()
    {
        var message = Messages.Next(Uid, ++_sequence);
        if (_unreported is not null)
        {
            message.RemoteConfigStatus = _unreported;
            _unreported = null;
        }
        await Send(message);
    }

    private async Task Send(AgentToServer message)
    {
        var reply = ServerToAgent.Parser.ParseFrom((await _grain.Receive(new AgentEnvelope(message.ToByteArray(), _connection))).Message);
        if (reply.RemoteConfig is { } config)
        {
            Received = Convert.ToHexStringLower(config.ConfigHash.Span);
            _unreported = new RemoteConfigStatus
            {
                LastRemoteConfigHash = config.ConfigHash,
                Status = _fails ? RemoteConfigStatuses.Failed : RemoteConfigStatuses.Applied,
                ErrorMessage = _fails ? "collector rejected the config" : "",
            };
        }
    }
}
