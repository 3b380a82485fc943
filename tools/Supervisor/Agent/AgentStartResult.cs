namespace Fleet.Supervisor.Agent;

/// <summary>Whether a (re)started agent came up healthy in time, and if not, why.</summary>
internal sealed record AgentStartResult(bool Healthy, string? Error)
{
    public static AgentStartResult Ok { get; } = new(true, null);

    public static AgentStartResult Failed(string error) => new(false, error);
}
