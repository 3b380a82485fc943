namespace Fleet.Gateway.Limits;

/// <summary>What happens to one WebSocket message under the connection's <see cref="MessageRate"/>.</summary>
public enum MessageAdmission
{
    /// <summary>Routed to the agent's grain.</summary>
    Accepted,

    /// <summary>Not routed; the agent is told UNAVAILABLE with RetryInfo and the socket stays open.</summary>
    Refused,

    /// <summary>Not routed, and the connection keeps flooding: close it with 1008.</summary>
    Close,
}
