namespace Fleet.LoadTest.Push;

/// <summary>The part of GET /api/agents the pusher reads.</summary>
public sealed record ApiAgentPage(int Total, int Offset, int Limit, List<ApiAgentItem> Items);
