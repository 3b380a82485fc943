using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Fleet.Hosting.Logging;

/// <summary>
/// Console logs of gateways and silos. Human-readable by default; one JSON object per line with
/// <c>Fleet:Logging:Format=json</c> (or the standard <c>Logging:Console:FormatterName=json</c>),
/// for log collectors: UTC timestamps, message parameters (AgentUid …) as fields, and scopes —
/// among them the trace and span ids of the request, agent message or grain call being handled.
/// </summary>
public static class FleetLogging
{
    public const string FormatKey = "Fleet:Logging:Format";

    /// <exception cref="InvalidOperationException">Fleet:Logging:Format is neither "simple" nor "json".</exception>
    public static bool UseJson(IConfiguration configuration)
    {
        var format = configuration[FormatKey];
        if (format is not (null or "" or "simple" or "json"))
        {
            throw new InvalidOperationException($"{FormatKey} must be \"simple\" or \"json\", not \"{format}\"");
        }
        return format == "json"
            || string.Equals(configuration["Logging:Console:FormatterName"], ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase);
    }

    public static IHostApplicationBuilder AddFleetLogging(this IHostApplicationBuilder builder)
    {
        // Lines written inside an activity (HTTP request, agent message, grain call) carry its ids as a scope.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (UseJson(builder.Configuration))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }
        return builder;
    }
}
