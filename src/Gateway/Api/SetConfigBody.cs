namespace Fleet.Gateway.Api;

/// <summary>
/// Body of <c>PUT /api/agents/{uid}/config</c>: file name → file, e.g.
/// <c>{"files":{"collector.yaml":{"body":"receivers: …","contentType":"text/yaml"}}}</c>.
/// </summary>
public sealed record SetConfigBody(Dictionary<string, SetConfigFile?>? Files);
