namespace Fleet.Grains.Agents;

/// <summary>
/// When an older WebSocket of an agent speaks after a newer one has, is it a late message of an agent
/// that reconnected, or a second agent with the same instance uid (a cloned host, copied state)? The
/// first time, it could be either: that socket is closed and nothing changes. A second time soon
/// after, two live agents are taking turns: the spec's answer (Duplicate WebSocket Connections) is a
/// new instance uid for the one on the older socket.
/// </summary>
public static class DuplicateConnections
{
    /// <summary>How close together two stale speakers must be to show two live agents.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <param name="previousStaleAt">When an older socket of this agent last spoke after a newer one; null if never (in this activation).</param>
    public static bool IsDuplicate(DateTimeOffset? previousStaleAt, DateTimeOffset now) =>
        previousStaleAt is { } previous && now - previous < Window;
}
