namespace Fleet.Gateway.Api;

/// <param name="Delivery">pushed (sent on the agent's WebSocket) or pending (on its next message, until it expires).</param>
public sealed record RestartResponse(string InstanceUid, Guid CommandId, string Delivery);
