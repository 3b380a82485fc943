using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Fleet.Gateway.Limits;

/// <summary>
/// Fleet:Gateway:TrustedProxies — addresses ("10.0.0.5") and networks ("10.0.0.0/8") of the load
/// balancers and proxies in front of the gateway. Only their X-Forwarded-For is believed, so
/// per-IP limits and logs see the agent's address; anyone else's header is ignored.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "Fleet:Gateway:TrustedProxies";

    /// <summary>The configured entries: a list (TrustedProxies:0, :1 …) or one comma-separated value (handy in environment variables).</summary>
    public static IReadOnlyList<string> Entries(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var entries = section.Value is { } single ? single.Split(',') : section.Get<string[]>() ?? [];
        return [.. entries.Select(e => e.Trim()).Where(e => e.Length > 0)];
    }

    /// <summary>Forwarded-headers settings that trust exactly these entries (none of ASP.NET Core's loopback defaults).</summary>
    /// <exception cref="FormatException">An entry is neither an address nor a CIDR network.</exception>
    public static ForwardedHeadersOptions Options(IEnumerable<string> entries)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor,
            // Walk back through every trusted hop, stopping at the first address that is not one.
            ForwardLimit = null,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in entries.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            if (entry.Contains('/'))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(entry, out var network)
                    ? network
                    : throw new FormatException($"{Section}: '{entry}' is not a network in CIDR notation"));
            }
            else
            {
                options.KnownProxies.Add(IPAddress.TryParse(entry, out var address)
                    ? address
                    : throw new FormatException($"{Section}: '{entry}' is not an IP address"));
            }
        }
        return options;
    }
}
