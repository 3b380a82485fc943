using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Fleet.Gateway.Limits;
using Fleet.Gateway.Security.Agents;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Transport;

/// <summary>
/// OpAMP WebSocket upgrades taken on the connection, below ASP.NET Core's request pipeline. A socket
/// accepted through the pipeline keeps its whole request alive for as long as the agent stays (the
/// HTTP/1 connection and its header tables, the HttpContext, every middleware's suspended frame, the
/// request's activity): several KB per agent and a good part of each connect's CPU, for nothing
/// after the handshake. Here only the socket and the WebSocket stay.
/// </summary>
/// <remarks>
/// The checks are the pipeline's own, run on a short-lived context: allowed hosts, trusted proxies, the per-address
/// rate limit (<see cref="OpAmpRateLimit"/>, shared with the pipeline), credentials and admission
/// (<see cref="WebSocketTransport.Admit"/>). A connection whose first request is anything else than
/// a well-formed upgrade to exactly /v1/opamp (<see cref="UpgradeRequest"/>) is handed to Kestrel
/// untouched and served as before, WebSocket or not.
/// </remarks>
public sealed partial class ConnectionWebSockets
{
    private readonly IServiceProvider _services;
    private readonly WebSocketTransport _transport;
    private readonly Admission _admission;
    private readonly WebSocketKeepAlives _keepAlives;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _headTimeout;
    private readonly RequestDelegate _checks;
    private readonly ILogger _logger;

    public ConnectionWebSockets(IServiceProvider services)
    {
        _services = services;
        _transport = services.GetRequiredService<WebSocketTransport>();
        _admission = services.GetRequiredService<Admission>();
        _keepAlives = services.GetRequiredService<WebSocketKeepAlives>();
        var limits = services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        (_idleTimeout, _headTimeout) = (limits.KeepAliveTimeout, limits.RequestHeadersTimeout);
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<ConnectionWebSockets>();
        _checks = BuildChecks(services);
    }

    public async Task OnConnection(ConnectionContext connection, Func<Task> next)
    {
        var (handOver, accepted) = await Check(connection);
        if (handOver)
        {
            await next();
            return;
        }
        if (accepted is not { } upgrade)
        {
            return; // refused (the answer is written), or no request in time
        }
        // Only what the socket needs from here: the head, its headers and the checks' context are
        // garbage already (they lived in Check), not kept for as long as the agent stays.
        try
        {
            if (!await Quietly(WriteAccept(connection.Transport.Output, upgrade.AcceptKey)))
            {
                return;
            }
            var stream = new DuplexPipeStream(connection.Transport);
            using var socket = WebSocket.CreateFromStream(stream, _transport.ServerSocketOptions(_keepAlives));
            using var keepAlive = _keepAlives.Track(socket, stream);
            await _transport.Run(socket, upgrade.Identity, upgrade.Remote, connection.ConnectionClosed);
        }
        finally
        {
            _admission.ExitWebSocket();
        }
    }

    /// <returns>
    /// HandOver: not an upgrade to take, nothing consumed. Otherwise the admitted upgrade (its caller
    /// holds a WebSocket slot), or null when refused or when no head came.
    /// </returns>
    private async Task<(bool HandOver, AcceptedUpgrade? Accepted)> Check(ConnectionContext connection)
    {
        UpgradeRequest? request;
        using (var patience = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
        {
            try
            {
                request = await ReadHead(connection.Transport.Input, patience, _idleTimeout, _headTimeout);
            }
            catch (OperationCanceledException)
            {
                // Not handed over: a read cancelled under TLS may leave the stream unusable.
                LogNoHead(_logger, connection.ConnectionId);
                return (false, null);
            }
            catch (IOException)
            {
                return (false, null); // reset before a whole head came (health checks, scanners)
            }
        }
        if (request is null)
        {
            return (true, null);
        }

        var verdict = new UpgradeVerdict();
        var body = new MemoryStream();
        var context = CheckContext(connection, request, verdict, body);
        try
        {
            await _checks(context);
        }
        catch (Exception e) when (connection.ConnectionClosed.IsCancellationRequested && e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            return (false, null); // the agent left while its credentials were checked
        }
        catch (Exception e)
        {
            LogCheckFailed(_logger, e, connection.ConnectionId);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await Quietly(WriteRefusal(connection.Transport.Output, context.Response, body));
            return (false, null);
        }
        if (verdict.Identity is not { } identity)
        {
            await Quietly(WriteRefusal(connection.Transport.Output, context.Response, body));
            return (false, null);
        }
        return (false, new AcceptedUpgrade(identity, context.Connection.RemoteIpAddress, AcceptKey(request.Key)));
    }

    /// <returns>The upgrade, its head consumed; null with nothing consumed when Kestrel is to serve the connection.</returns>
    /// <remarks>
    /// As Kestrel times a new connection: idle until its first byte (keep-alive timeout), then the
    /// whole head within the request-headers timeout.
    /// </remarks>
    private static async Task<UpgradeRequest?> ReadHead(PipeReader input, CancellationTokenSource patience, TimeSpan idle, TimeSpan head)
    {
        patience.CancelAfter(idle);
        var started = false;
        while (true)
        {
            var result = await input.ReadAsync(patience.Token);
            var buffer = result.Buffer;
            if (!started && !buffer.IsEmpty)
            {
                started = true;
                patience.CancelAfter(head);
            }
            var parse = UpgradeRequest.TryParse(buffer, out var request);
            if (parse == UpgradeParse.Parsed)
            {
                input.AdvanceTo(buffer.GetPosition(request!.HeadLength));
                return request;
            }
            if (parse == UpgradeParse.Declined || result.IsCompleted)
            {
                // Nothing consumed or marked examined: Kestrel's first read sees the same bytes at once.
                input.AdvanceTo(buffer.Start);
                return null;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private DefaultHttpContext CheckContext(ConnectionContext connection, UpgradeRequest request, UpgradeVerdict verdict, MemoryStream body)
    {
        var tls = connection.Features.Get<ITlsConnectionFeature>();
        var remote = connection.RemoteEndPoint as IPEndPoint;
        var local = connection.LocalEndPoint as IPEndPoint;
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(request.ToFeature(tls is null ? "http" : "https"));
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = connection.ConnectionId,
            RemoteIpAddress = remote?.Address,
            RemotePort = remote?.Port ?? 0,
            LocalIpAddress = local?.Address,
            LocalPort = local?.Port ?? 0,
        });
        if (tls is not null)
        {
            features.Set(tls);
        }
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = connection.ConnectionClosed });
        features.Set<IHttpWebSocketFeature>(UpgradeRequested.Instance);
        features.Set(verdict);
        return new DefaultHttpContext(features) { RequestServices = _services };
    }

    private RequestDelegate BuildChecks(IServiceProvider services)
    {
        var checks = new ApplicationBuilder(services);
        // AllowedHosts, as for every request (a no-op for "*", the default).
        checks.UseHostFiltering();
        var proxies = TrustedProxies.Entries(services.GetRequiredService<IConfiguration>());
        if (proxies.Count > 0)
        {
            checks.UseForwardedHeaders(TrustedProxies.Options(proxies));
        }
        var rate = services.GetRequiredService<OpAmpRateLimit>();
        checks.Run(async context =>
        {
            if (await rate.TryEnter(context))
            {
                context.Features.GetRequiredFeature<UpgradeVerdict>().Identity = await _transport.Admit(context);
            }
        });
        return checks.Build();
    }

    private static async Task WriteAccept(PipeWriter output, string acceptKey)
    {
        var head = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: "
            + acceptKey + "\r\n\r\n";
        await output.WriteAsync(Encoding.ASCII.GetBytes(head));
    }

    /// <summary>RFC 6455 section 4.2.2: the key and the protocol's GUID, hashed with SHA-1, in base64.</summary>
    public static string AcceptKey(string key)
    {
#pragma warning disable CA5350 // The handshake is defined with SHA-1; it proves nothing secret.
        return Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
    }

    private static async Task WriteRefusal(PipeWriter output, HttpResponse response, MemoryStream body)
    {
        // The checks answer every refusal with a status of their own; 200 here would be a bug, not a pass.
        var status = response.StatusCode == StatusCodes.Status200OK ? StatusCodes.Status500InternalServerError : response.StatusCode;
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append(' ').Append(ReasonPhrases.GetReasonPhrase(status)).Append("\r\n");
        foreach (var (name, values) in response.Headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in values)
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }
        head.Append("Content-Length: ").Append(body.Length).Append("\r\nConnection: close\r\n\r\n");
        output.Write(Encoding.ASCII.GetBytes(head.ToString()));
        output.Write(body.GetBuffer().AsSpan(0, (int)body.Length));
        await output.FlushAsync();
    }

    /// <returns>false when the agent went away meanwhile.</returns>
    private static async Task<bool> Quietly(Task write)
    {
        try
        {
            await write;
            return true;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    private readonly record struct AcceptedUpgrade(AgentIdentity Identity, IPAddress? Remote, string AcceptKey);

    /// <summary>What the checks decided, read back after they ran.</summary>
    private sealed class UpgradeVerdict
    {
        public AgentIdentity? Identity { get; set; }
    }

    /// <summary>Tells the checks (the rate limit's refusal) that this is a WebSocket upgrade.</summary>
    private sealed class UpgradeRequested : IHttpWebSocketFeature
    {
        public static readonly UpgradeRequested Instance = new();

        public bool IsWebSocketRequest => true;

        public Task<WebSocket> AcceptAsync(WebSocketAcceptContext context) =>
            throw new InvalidOperationException("This upgrade is accepted on its connection, not through the request pipeline.");
    }
}
