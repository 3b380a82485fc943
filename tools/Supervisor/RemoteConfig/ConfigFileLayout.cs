using Fleet.Contracts.OpAmp;

namespace Fleet.Supervisor.RemoteConfig;

/// <summary>
/// Where each file of a remote config goes. A config of one file is written to agent.config_file,
/// whatever the server calls it; of several, each goes beside agent.config_file under its own name
/// (the one named "" or like agent.config_file itself goes to agent.config_file).
/// </summary>
internal static class ConfigFileLayout
{
    /// <summary>File name → path; or an error when a name is not a plain file name.</summary>
    public static (Dictionary<string, string>? Paths, string? Error) Place(AgentConfigMap map, string configFile)
    {
        if (map.ConfigMap.Count == 1)
        {
            return (new Dictionary<string, string> { [map.ConfigMap.Keys.Single()] = configFile }, null);
        }
        var directory = Path.GetDirectoryName(configFile)!;
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in map.ConfigMap.Keys)
        {
            if (name.Length == 0 || name == Path.GetFileName(configFile))
            {
                paths[name] = configFile;
            }
            else if (name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0)
            {
                return (null, $"config file name '{name}' is not a plain file name");
            }
            else
            {
                paths[name] = Path.Combine(directory, name);
            }
        }
        if (paths.Values.Distinct(StringComparer.Ordinal).Count() != paths.Count)
        {
            return (null, $"two config files would both be written to {configFile}");
        }
        return (paths, null);
    }
}
