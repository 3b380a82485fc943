namespace Fleet.LoadTest.Push;

/// <summary>PUT /api/agents/{uid}/config's answer.</summary>
public sealed record SetConfigReply(string InstanceUid, string ConfigHash, string Delivery);
