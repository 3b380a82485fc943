using Fleet.Supervisor.Storage;

namespace Fleet.Supervisor.RemoteConfig;

/// <summary>The content (or absence) of a set of files before they were overwritten, to put back on rollback.</summary>
internal sealed class ConfigFileBackup
{
    private readonly Dictionary<string, byte[]?> _previous;

    private ConfigFileBackup(Dictionary<string, byte[]?> previous) => _previous = previous;

    public static ConfigFileBackup Take(IEnumerable<string> paths) =>
        new(paths.Distinct(StringComparer.Ordinal).ToDictionary(p => p, p => File.Exists(p) ? File.ReadAllBytes(p) : null, StringComparer.Ordinal));

    /// <summary>Whether this file existed before.</summary>
    public bool Had(string path) => _previous.TryGetValue(path, out var content) && content is not null;

    public void Restore()
    {
        foreach (var (path, content) in _previous)
        {
            if (content is null)
            {
                File.Delete(path);
            }
            else
            {
                AtomicFile.Write(path, content);
            }
        }
    }
}
