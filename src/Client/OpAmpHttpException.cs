using System.Net;

namespace Fleet.Client;

/// <summary>The server answered a plain-HTTP OpAMP request without a protobuf body (413, 415, 429, 503 …).</summary>
public sealed class OpAmpHttpException(HttpStatusCode status, TimeSpan? retryAfter)
    : Exception($"OpAMP server answered HTTP {(int)status}")
{
    public HttpStatusCode Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
