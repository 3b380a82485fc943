using System.Globalization;
using System.Text.RegularExpressions;

namespace Fleet.Supervisor.Configuration;

/// <summary>
/// Durations as the OpenTelemetry supervisor's YAML writes them ("250ms", "5s", "1m30s", "2h"), or
/// as .NET TimeSpans ("00:00:05").
/// </summary>
public static partial class GoDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text.Trim();
        if (text == "0")
        {
            return true;
        }
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration))
        {
            return true;
        }
        if (!WholePattern().IsMatch(text))
        {
            return false;
        }
        var ticks = 0.0;
        foreach (Match part in PartPattern().Matches(text))
        {
            var amount = double.Parse(part.Groups["amount"].Value, CultureInfo.InvariantCulture);
            ticks += amount * part.Groups["unit"].Value switch
            {
                "ns" => TimeSpan.TicksPerMicrosecond / 1000.0,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
        }
        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    [GeneratedRegex(@"^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex WholePattern();

    [GeneratedRegex(@"(?<amount>\d+(\.\d+)?)(?<unit>ns|us|µs|ms|s|m|h)")]
    private static partial Regex PartPattern();
}
