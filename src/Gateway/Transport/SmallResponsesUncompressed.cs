using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Transport;

/// <summary>
/// Response compression as configured, except for bodies known to be small. A plain-HTTP heartbeat
/// reply is a few dozen bytes: gzip makes it larger, and each gzip stream sets up a deflater with
/// ~256 KiB of native state. Under 10k polling agents that set-up was an eighth of the gateway's CPU.
/// </summary>
public sealed class SmallResponsesUncompressed(IServiceProvider services, IOptions<ResponseCompressionOptions> options) : IResponseCompressionProvider
{
    /// <summary>Below this many bytes a response goes out as it is.</summary>
    public const int MinimumBytes = 1024;

    private readonly ResponseCompressionProvider _configured = new(services, options);

    public ICompressionProvider? GetCompressionProvider(HttpContext context) => _configured.GetCompressionProvider(context);

    public bool ShouldCompressResponse(HttpContext context) =>
        context.Response.ContentLength is not < MinimumBytes && _configured.ShouldCompressResponse(context);

    public bool CheckRequestAcceptsCompression(HttpContext context) => _configured.CheckRequestAcceptsCompression(context);
}
