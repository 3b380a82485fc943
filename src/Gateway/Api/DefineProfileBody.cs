using Fleet.Contracts.Configs;

namespace Fleet.Gateway.Api;

/// <summary>Body of <c>PUT /api/profiles/{name}</c>. An empty selector matches every agent.</summary>
public sealed record DefineProfileBody(string? Selector, int Priority = 0, RolloutPolicy? Rollout = null);
