namespace Fleet.Gateway.Transport;

/// <summary>The encoded ServerToAgent to send back, and what the transport should do besides.</summary>
public sealed record RoutedReply(
    byte[] Message,
    RouteOutcome Outcome,
    Guid? InstanceUid = null,
    bool Close = false,
    Guid? RenamedTo = null);
