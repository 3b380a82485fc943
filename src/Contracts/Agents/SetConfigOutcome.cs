namespace Fleet.Contracts.Agents;

[GenerateSerializer, Alias("fleet.set-config-result")]
public enum SetConfigOutcome
{
    /// <summary>Sent to the agent's open WebSocket.</summary>
    Pushed = 0,
    /// <summary>Kept until the agent's next message (HTTP poll or reconnect).</summary>
    Pending = 1,
    /// <summary>The agent already has this config; nothing to send.</summary>
    Unchanged = 2,
    /// <summary>No agent with this uid has ever reported.</summary>
    UnknownAgent = 3,
    /// <summary>The agent does not declare AcceptsRemoteConfig.</summary>
    NotAccepted = 4,
}
