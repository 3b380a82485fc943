namespace Fleet.Supervisor.Configuration;

/// <summary>Exponential backoff: doubles from <see cref="Initial"/> up to <see cref="Max"/>.</summary>
public sealed class BackoffSettings
{
    public TimeSpan Initial { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan Max { get; set; } = TimeSpan.FromSeconds(30);
}
