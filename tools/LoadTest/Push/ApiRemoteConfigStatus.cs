namespace Fleet.LoadTest.Push;

/// <summary>The agent's last reported remote config status (APPLIED, APPLYING, FAILED, UNSET) and hash.</summary>
public sealed record ApiRemoteConfigStatus(string Status, string? Hash, string? ErrorMessage);
