using System.Buffers;
using Fleet.Contracts.Agents;
using Fleet.Gateway.Hosting;
using Fleet.Gateway.Security.Agents;
using Google.Protobuf;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Fleet.Gateway.Transport;

/// <summary>
/// OpAMP over plain HTTP: one AgentToServer per POST, the ServerToAgent in the response. Agents are
/// reached again on their next poll, so nothing server-initiated is lost between polls.
/// </summary>
public sealed partial class HttpTransport(
    AgentConnections connections,
    AgentMessageRouter router,
    AgentAuthenticator authenticator,
    Admission admission,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    ILogger<HttpTransport> logger)
{
    public const string ProtobufContentType = "application/x-protobuf";
    public const string InstanceUidHeader = "OpAMP-Instance-UID";

    public async Task Handle(HttpContext context)
    {
        if (!admission.TryEnterHttp())
        {
            LogOverloaded(logger);
            metrics.Refused("http_limit");
            await Reply(context, router.Unavailable(ByteString.Empty, "gateway overloaded; retry later"));
            return;
        }
        try
        {
            await HandleAdmitted(context);
        }
        finally
        {
            admission.ExitHttp();
        }
    }

    private async Task HandleAdmitted(HttpContext context)
    {
        var authentication = await authenticator.Authenticate(context);
        if (authentication.Status == AgentAuthenticationStatus.Unavailable)
        {
            await Reply(context, router.Unavailable(ByteString.Empty, "credentials cannot be checked now; retry later"));
            return;
        }
        if (authentication.Status == AgentAuthenticationStatus.Refused)
        {
            AgentAuthenticator.Challenge(context);
            return;
        }

        var request = context.Request;
        if (!IsProtobuf(request.ContentType))
        {
            LogWrongContentType(logger, request.ContentType);
            await Plain(context, StatusCodes.Status415UnsupportedMediaType, $"Content-Type must be {ProtobufContentType}");
            return;
        }

        // The decompression middleware took (and removed) the encodings it knows; one left is one it does not.
        if (request.Headers.ContentEncoding is { Count: > 0 } encoding && !IsIdentity(encoding.ToString()))
        {
            LogUnsupportedEncoding(logger, encoding.ToString());
            await Plain(context, StatusCodes.Status415UnsupportedMediaType, $"Content-Encoding '{encoding}' is not supported: send gzip, deflate, br or an uncompressed body");
            return;
        }

        Guid? headerUid = null;
        if (request.Headers.TryGetValue(InstanceUidHeader, out var headerValue))
        {
            if (!Guid.TryParse(headerValue.ToString(), out var parsed))
            {
                await Reply(context, AgentMessageRouter.BadRequest(ByteString.Empty, $"{InstanceUidHeader} header is not a UUID"));
                return;
            }
            headerUid = parsed;
        }

        var max = options.Value.MaxMessageBytes;
        if (request.ContentLength > max && !request.Headers.ContainsKey(HeaderNames.ContentEncoding))
        {
            LogTooLarge(logger, max);
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        // The raw (possibly compressed) body is capped here; ReadBounded caps what it decompresses to.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = max;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        Task<RoutedReply> routing;
        try
        {
            int count;
            try
            {
                (buffer, count) = await ReadBounded(request.Body, buffer, max, context.RequestAborted);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                count = -1;
            }
            catch (InvalidDataException e)
            {
                // A body that claims gzip but is not.
                LogUndecodableBody(logger, e.Message);
                await Reply(context, AgentMessageRouter.BadRequest(ByteString.Empty, $"request body could not be decoded: {e.Message}"));
                return;
            }
            if (count < 0)
            {
                LogTooLarge(logger, max);
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            // Route copies the body before its first await: the pooled buffer goes back now, not after the
            // grain call (held through a storm's seconds-long calls, buffers outgrow the pool).
            routing = router.Route(buffer.AsSpan(0, count), connections.Http, headerUid, authentication.Identity);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        await Reply(context, await routing);
    }

    /// <summary>The instance uid an agent announces in the OpAMP-Instance-UID header, if it sent a valid one.</summary>
    public static Guid? InstanceUidFrom(HttpContext context) =>
        context.Request.Headers.TryGetValue(InstanceUidHeader, out var value) && Guid.TryParse(value.ToString(), out var uid) ? uid : null;

    public static bool IsProtobuf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals(ProtobufContentType, StringComparison.OrdinalIgnoreCase);

    /// <returns>The buffer (possibly replaced by a larger one) and the byte count, or -1 when over the limit.</returns>
    private static async Task<(byte[] Buffer, int Count)> ReadBounded(Stream body, byte[] buffer, int max, CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            if (count == buffer.Length)
            {
                if (count > max)
                {
                    return (buffer, -1);
                }
                var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)max + 1));
                buffer.AsSpan(0, count).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }
            var read = await body.ReadAsync(buffer.AsMemory(count), cancellationToken);
            if (read == 0)
            {
                return (buffer, count > max ? -1 : count);
            }
            count += read;
        }
    }

    private static bool IsIdentity(string encoding) => encoding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase);

    private async Task Reply(HttpContext context, RoutedReply routed)
    {
        var max = options.Value.MaxMessageBytes;
        if (!OutgoingLimit.Allows(routed.Message.Length, 0, max))
        {
            LogOversizeDiscarded(logger, routed.InstanceUid, routed.Message.Length, max);
            metrics.Discarded("oversize");
            // Not the agent's fault, and it may retry: a server error with a body well within the limit.
            await Send(context, StatusCodes.Status500InternalServerError, OutgoingLimit.Refusal(routed.InstanceUid, routed.Message.Length, max));
            return;
        }
        metrics.Sent("reply");
        var response = context.Response;
        response.StatusCode = routed.Outcome switch
        {
            RouteOutcome.Ok => StatusCodes.Status200OK,
            RouteOutcome.BadRequest => StatusCodes.Status400BadRequest,
            RouteOutcome.Unauthorized => StatusCodes.Status401Unauthorized,
            _ => StatusCodes.Status503ServiceUnavailable,
        };
        if (routed.Outcome == RouteOutcome.Unauthorized)
        {
            AgentAuthenticator.Challenge(context);
        }
        if (routed.Outcome == RouteOutcome.Unavailable)
        {
            response.Headers.RetryAfter = ((int)router.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await Send(context, response.StatusCode, routed.Message);
    }

    private static async Task Send(HttpContext context, int status, byte[] message)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ProtobufContentType;
        response.ContentLength = message.Length;
        await response.Body.WriteAsync(message, context.RequestAborted);
    }

    private static Task Plain(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
