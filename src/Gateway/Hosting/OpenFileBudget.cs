using System.Globalization;

namespace Fleet.Gateway.Hosting;

/// <summary>
/// How many connections fit under this process' open-file limit (<c>ulimit -n</c>). Every socket is a
/// file; when a storm or a reconnect wave takes the last ones, it is not only new agents that fail:
/// the .NET runtime itself aborts with "Out of memory." (seen at 18k agents under the 20,000 limit of
/// the benchmark box, when reconnecting agents briefly held duplicate sockets). Below the ceiling
/// connections are capped, so an overload is refused instead.
/// </summary>
public static class OpenFileBudget
{
    /// <summary>Connections (Kestrel's hard cap) that leave room for the runtime's own files and sockets.</summary>
    public static int? ConnectionCeiling(int? openFileLimit) =>
        openFileLimit is { } limit ? Math.Max(limit - Reserve(limit), 1) : null;

    /// <summary>Files kept for everything but connections: ~330 in use at start (embedded silo), and headroom.</summary>
    public static int Reserve(int openFileLimit) => Math.Clamp(openFileLimit / 20, 1024, 4096);

    /// <summary>Below the connection ceiling, WebSocket upgrades are refused with 503 first (API, probes and pollers keep room).</summary>
    public const int WebSocketHeadroom = 128;

    /// <summary>The soft open-file limit of this process; null when unlimited or not known (not Linux).</summary>
    public static int? ProcessLimit()
    {
        try
        {
            return File.Exists("/proc/self/limits") ? ParseLimits(File.ReadAllText("/proc/self/limits")) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The soft "Max open files" value of a <c>/proc/PID/limits</c> text.</summary>
    public static int? ParseLimits(string limits)
    {
        foreach (var line in limits.Split('\n'))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                continue;
            }
            var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return int.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        return null;
    }
}
