using Microsoft.AspNetCore.Http.Metadata;

namespace Fleet.Gateway.Limits;

/// <summary>Endpoint metadata: this endpoint reads its body within a limit of its own, so <see cref="ApiBodyLimit"/> leaves it alone.</summary>
public sealed class OwnBodyLimit : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => null;
}
