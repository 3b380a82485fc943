namespace Fleet.Contracts.Agents;

/// <summary>What <see cref="IAgentRetirement.Forget"/> did.</summary>
[GenerateSerializer, Alias("fleet.forget-outcome")]
public enum ForgetOutcome
{
    /// <summary>The agent's state is gone and it is no longer listed; a later message starts it afresh.</summary>
    Forgotten = 0,
    /// <summary>No agent with this uid has ever reported (or it was forgotten already).</summary>
    UnknownAgent = 1,
    /// <summary>The agent is connected: forgotten, it would be listed again with its next message.</summary>
    Connected = 2,
    /// <summary>The agent was heard from after the given time (a retention sweep raced a reconnect).</summary>
    SeenSince = 3,
}
