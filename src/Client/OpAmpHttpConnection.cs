using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Client;

/// <summary>OpAMP over plain HTTP: each message is a POST; the reply is the response body.</summary>
public sealed class OpAmpHttpConnection(OpAmpClientOptions options, HttpClient? client = null) : IOpAmpConnection
{
    public const string ContentType = "application/x-protobuf";
    private readonly HttpClient _client = client ?? new HttpClient(ClientSockets.Handler(options.LocalAddress, options.Tls), disposeHandler: true);
    private readonly bool _ownsClient = client is null;
    private Func<ServerToAgent, Task>? _onMessage;

    public bool IsPersistent => false;

    /// <summary>The last Retry-After the server sent with 503/429, if any.</summary>
    public TimeSpan? RetryAfter { get; private set; }

    public Task ConnectAsync(Func<ServerToAgent, Task> onMessage, CancellationToken cancellationToken)
    {
        _onMessage = onMessage;
        return Task.CompletedTask;
    }

    public async Task SendAsync(AgentToServer message, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint);
        request.Content = Body(message.ToByteArray());
        request.Headers.Add("OpAMP-Instance-UID", Contracts.Agents.InstanceUid.Format(new Guid(message.InstanceUid.Span, bigEndian: true)));
        foreach (var (name, value) in options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _client.SendAsync(request, cancellationToken);
        RetryAfter = response.Headers.RetryAfter?.Delta;
        if (response.Content.Headers.ContentType?.MediaType != ContentType || response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            throw new OpAmpHttpException(response.StatusCode, RetryAfter);
        }
        var reply = ServerToAgent.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        if (_onMessage is not null)
        {
            await _onMessage(reply);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    private HttpContent Body(byte[] bytes)
    {
        HttpContent content;
        if (options.Gzip)
        {
            var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(bytes);
            }
            content = new ByteArrayContent(compressed.ToArray());
            content.Headers.ContentEncoding.Add("gzip");
        }
        else
        {
            content = new ByteArrayContent(bytes);
        }
        content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        return content;
    }
}
