namespace Fleet.Gateway.Api;

/// <param name="Delivery">pushed (sent on the agent's WebSocket), pending (on its next message) or unchanged.</param>
public sealed record SetConfigResponse(string InstanceUid, string ConfigHash, string Delivery);
