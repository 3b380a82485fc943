using System.Collections.Concurrent;
using Fleet.Contracts.Agents;
using Fleet.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Transport;

/// <summary>
/// The WebSocket sessions this gateway holds, and the single grain-observer reference through which
/// grains push to them. The gateway holds sockets only: all agent state lives in grains.
/// </summary>
public sealed class AgentConnections
{
    private readonly ConcurrentDictionary<Guid, WebSocketSession> _sessions = new();
    private readonly IGrainFactory _grains;
    private readonly Lock _referenceLock = new();
    private GatewayPushTarget? _target;
    private IAgentConnectionObserver? _reference;

    public AgentConnections(IGrainFactory grains, IOptions<GatewayOptions> options)
    {
        _grains = grains;
        GatewayId = options.Value.GatewayId is { Length: > 0 } id
            ? id
            : $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}"[..^24];
        Http = new AgentConnection(Guid.Empty, AgentTransport.Http, GatewayId, null);
    }

    public string GatewayId { get; }

    /// <summary>HTTP requests share one pseudo-connection: HTTP agents are reached on their next poll.</summary>
    public AgentConnection Http { get; }

    public int Count => _sessions.Count;

    public AgentConnection NewWebSocketConnection() =>
        // UUIDv7: grains compare ids to tell the newest connection of an agent from a stale one.
        new(Guid.CreateVersion7(), AgentTransport.WebSocket, GatewayId, PushReference, AnswersProbes: true);

    public void Add(WebSocketSession session) => _sessions[session.ConnectionId] = session;

    public void Remove(WebSocketSession session) => _sessions.TryRemove(session.ConnectionId, out _);

    /// <summary>Whether the WebSocket <paramref name="connectionId"/> is open on this gateway.</summary>
    public bool Holds(Guid connectionId) => _sessions.ContainsKey(connectionId);

    public IEnumerable<WebSocketSession> Sessions => _sessions.Values;

    /// <summary>Called by grains (through the observer) to send on one of our sockets.</summary>
    internal void Deliver(Guid connectionId, byte[] message)
    {
        if (_sessions.TryGetValue(connectionId, out var session))
        {
            session.Push(message);
        }
    }

    /// <summary>Called by a grain (through the observer) that lists the agent on this socket offline for silence.</summary>
    internal void CloseSilent(Guid connectionId)
    {
        if (_sessions.TryGetValue(connectionId, out var session))
        {
            _ = session.CloseSilent();
        }
    }

    private IAgentConnectionObserver PushReference
    {
        get
        {
            if (_reference is { } reference)
            {
                return reference;
            }
            lock (_referenceLock)
            {
                // Created on first use: the silo or cluster client must be running first. The target
                // is held here so the runtime's weak reference to it stays alive.
                _target ??= new GatewayPushTarget(this);
                return _reference ??= _grains.CreateObjectReference<IAgentConnectionObserver>(_target);
            }
        }
    }
}
