using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace Fleet.Gateway.Limits;

/// <summary>Per-client token buckets: which bucket a request draws from, and what a refused client is told.</summary>
public static class ClientPartition
{
    /// <summary>
    /// The client's bucket key: its IPv4 address, or the /64 prefix of an IPv6 one (one host usually
    /// owns a whole /64, so per-address buckets would be free to multiply).
    /// </summary>
    public static IPAddress Key(IPAddress? remote)
    {
        if (remote is null)
        {
            return IPAddress.None;
        }
        if (remote.IsIPv4MappedToIPv6)
        {
            return remote.MapToIPv4();
        }
        if (remote.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return remote;
        }
        Span<byte> bytes = stackalloc byte[16];
        remote.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }

    /// <summary>A token bucket refilled every second; 0 requests per second means no limit.</summary>
    public static RateLimitPartition<IPAddress> Bucket(IPAddress key, int perSecond, int burst) =>
        perSecond <= 0
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(burst, 1),
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                // Refuse at once: queued requests would hold sockets and memory for a client that is already too fast.
                QueueLimit = 0,
                AutoReplenishment = true,
            });

    /// <summary>When the refused client may try again: the limiter's estimate, at least a second.</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.FromSeconds(1)
            ? retryAfter
            : TimeSpan.FromSeconds(1);

    /// <summary>Retry-After is whole seconds; round up so the client never comes back too early.</summary>
    public static string RetryAfterHeader(TimeSpan retryAfter) =>
        ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
