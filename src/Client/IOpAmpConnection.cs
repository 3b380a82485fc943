using Fleet.Contracts.OpAmp;

namespace Fleet.Client;

/// <summary>A transport to an OpAMP server. Replies and server-initiated messages arrive through the handler.</summary>
public interface IOpAmpConnection : IAsyncDisposable
{
    Task ConnectAsync(Func<ServerToAgent, Task> onMessage, CancellationToken cancellationToken);

    Task SendAsync(AgentToServer message, CancellationToken cancellationToken);

    /// <summary>True when the server can push without waiting for the agent's next message.</summary>
    bool IsPersistent { get; }
}
