using System.Globalization;

namespace Fleet.LoadTest.Probes;

/// <summary>
/// Reads /proc: VmRSS and Threads from /proc/PID/status, utime + stime from /proc/PID/stat, open
/// descriptors from /proc/PID/fd. Linux only; elsewhere (or for a vanished PID) the sample is incomplete.
/// </summary>
public static class ProcessProbe
{
    // USER_HZ: the unit of utime/stime. 100 on every Linux architecture .NET runs on.
    private const double ClockTicksPerSecond = 100.0;

    public static ProcessSample Sample(IReadOnlyList<int> pids, bool countFiles = false)
    {
        long rss = 0;
        double cpu = 0;
        int threads = 0, files = 0;
        var complete = pids.Count > 0;
        foreach (var pid in pids)
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        rss += FirstNumber(line);
                    }
                    else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                    {
                        threads += (int)FirstNumber(line);
                    }
                }
                cpu += CpuSeconds(File.ReadAllText($"/proc/{pid}/stat"));
                if (countFiles)
                {
                    files += Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                complete = false;
            }
        }
        return new ProcessSample(pids, rss, cpu, threads, files, complete);
    }

    /// <summary>utime (field 14) + stime (field 15), counted after the parenthesised command name.</summary>
    public static double CpuSeconds(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / ClockTicksPerSecond;
    }

    private static long FirstNumber(string line)
    {
        var digits = new string(line.SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 ? 0 : long.Parse(digits, CultureInfo.InvariantCulture);
    }
}
