using System.Globalization;

namespace Fleet.LoadTest.Probes;

/// <summary>
/// The server processes to sample: fixed PIDs (--server-pid) and PIDs read afresh from files at every
/// sample (--server-pid-file). A server restarted during the run by a script or supervisor that
/// rewrites its PID file is followed; a fixed PID that went away leaves every later sample incomplete.
/// </summary>
public sealed class ServerProcesses(IReadOnlyList<int> pids, IReadOnlyList<string> pidFiles)
{
    public bool Any => pids.Count > 0 || pidFiles.Count > 0;

    /// <summary>The processes now; incomplete when a PID file is missing or holds no PID (between a stop and a start).</summary>
    public ProcessSample Sample(bool countFiles = false)
    {
        var current = new List<int>(pids);
        var unresolved = false;
        foreach (var file in pidFiles)
        {
            if (ReadPid(file) is { } pid)
            {
                current.Add(pid);
            }
            else
            {
                unresolved = true;
            }
        }
        var sample = ProcessProbe.Sample(current, countFiles);
        return unresolved ? sample with { Complete = false } : sample;
    }

    /// <summary>The PID a file holds (the first line, as shells and pid-file writers leave it), or null.</summary>
    public static int? ReadPid(string path)
    {
        try
        {
            var text = File.ReadLines(path).FirstOrDefault()?.Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
