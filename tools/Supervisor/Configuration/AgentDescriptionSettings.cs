namespace Fleet.Supervisor.Configuration;

/// <summary>The attributes the agent describes itself with (string values).</summary>
public sealed class AgentDescriptionSettings
{
    public Dictionary<string, string> IdentifyingAttributes { get; set; } = [];

    public Dictionary<string, string> NonIdentifyingAttributes { get; set; } = [];
}
