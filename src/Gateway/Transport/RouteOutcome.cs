namespace Fleet.Gateway.Transport;

public enum RouteOutcome
{
    /// <summary>The agent's grain answered.</summary>
    Ok,
    /// <summary>The message was rejected before reaching any grain (ServerErrorResponse BAD_REQUEST).</summary>
    BadRequest,
    /// <summary>The grains could not be reached (ServerErrorResponse UNAVAILABLE with RetryInfo).</summary>
    Unavailable,
    /// <summary>The agent is revoked or not the one its credentials name (HTTP 401, WebSocket closed 1008).</summary>
    Unauthorized,
}
