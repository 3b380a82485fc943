using Fleet.Contracts.OpAmp;
using Fleet.Supervisor.Configuration;

namespace Fleet.Supervisor;

/// <summary>
/// The AgentDescription the supervisor reports: the configured attributes, plus service.name (the
/// executable's name), os.type and host.name when the configuration does not give them.
/// </summary>
internal static class AgentDescriptions
{
    public static AgentDescription From(AgentSettings agent)
    {
        var identifying = new Dictionary<string, string>(agent.Description.IdentifyingAttributes);
        identifying.TryAdd("service.name", Path.GetFileNameWithoutExtension(agent.Executable));
        var nonIdentifying = new Dictionary<string, string>(agent.Description.NonIdentifyingAttributes);
        nonIdentifying.TryAdd("os.type", OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsWindows() ? "windows" : "other");
        nonIdentifying.TryAdd("host.name", Environment.MachineName);

        var description = new AgentDescription();
        description.IdentifyingAttributes.AddRange(identifying.Select(Attribute));
        description.NonIdentifyingAttributes.AddRange(nonIdentifying.Select(Attribute));
        return description;
    }

    private static KeyValue Attribute(KeyValuePair<string, string> pair) =>
        new() { Key = pair.Key, Value = new AnyValue { StringValue = pair.Value } };
}
