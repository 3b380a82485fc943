namespace Fleet.LoadTest.Push;

/// <summary>One agent of GET /api/agents, as far as the pusher cares.</summary>
public sealed record ApiAgentItem(string InstanceUid, ApiRemoteConfigStatus? RemoteConfigStatus);
