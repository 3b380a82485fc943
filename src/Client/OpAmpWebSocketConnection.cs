using System.Buffers;
using System.Net.WebSockets;
using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Client;

/// <summary>OpAMP over WebSocket: binary frames, each a varint 0 header then the protobuf message.</summary>
public sealed class OpAmpWebSocketConnection(OpAmpClientOptions options) : IOpAmpConnection
{
    private WebSocket? _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();

    // A client certificate is this agent's alone: a handler of its own, disposed with the connection.
    private readonly SocketsHttpHandler? _ownHandler = options.Tls?.ClientCertificate is null
        ? null
        : ClientSockets.Handler(options.LocalAddress, options.Tls);
    private Task _receiveLoop = Task.CompletedTask;

    public bool IsPersistent => true;

    /// <summary>Completes when the server closes the socket or the connection fails.</summary>
    public Task Completion => _receiveLoop;

    public WebSocketCloseStatus? CloseStatus => _socket?.CloseStatus;

    /// <summary>Retry-After of a refused upgrade (503 while the gateway drains or is full).</summary>
    public TimeSpan? RetryAfter { get; private set; }

    public string? CloseStatusDescription => _socket?.CloseStatusDescription;

    /// <summary>The HTTP status of a refused upgrade (401 for credentials the server does not take).</summary>
    public System.Net.HttpStatusCode? RefusedStatus { get; private set; }

    public async Task ConnectAsync(Func<ServerToAgent, Task> onMessage, CancellationToken cancellationToken)
    {
        if (await TryConnectAsync(onMessage, cancellationToken) is { } unreachable)
        {
            throw unreachable;
        }
    }

    /// <summary>
    /// Connects like <see cref="ConnectAsync"/>, but a server that cannot be reached (nothing listening,
    /// no route) is returned, not thrown: a fleet retrying a restarting gateway meets that many times a
    /// second, and every exception thrown on the way costs CPU the restarting gateway needs. Every
    /// other failure (a refused upgrade, TLS, cancellation) throws.
    /// </summary>
    /// <returns>Null once connected; otherwise why the server could not be reached.</returns>
    public async Task<WebSocketException?> TryConnectAsync(Func<ServerToAgent, Task> onMessage, CancellationToken cancellationToken)
    {
        // Lets the server refuse a revoked agent on the upgrade itself (401) rather than after its first message.
        var headers = options.Headers.Append(KeyValuePair.Create("OpAMP-Instance-UID", Contracts.Agents.InstanceUid.Format(options.InstanceUid)));
        var (opened, unreachable) = await ClientSockets.Open(options.Endpoint, options.LocalAddress, cancellationToken);
        if (unreachable is not null)
        {
            // What ClientWebSocket reports for a connection it could not open, so callers see one type.
            return new WebSocketException(WebSocketError.Faulted, unreachable.Message, unreachable);
        }
        _socket = opened is not null && options.Endpoint.Scheme == "ws"
            ? await UpgradePlain(opened, headers, cancellationToken)
            : await UpgradeThroughHttpStack(opened, headers, cancellationToken);
        _receiveLoop = Task.Run(() => ReceiveLoop(onMessage, _stop.Token), CancellationToken.None);
        return null;
    }

    /// <summary>Plain <c>ws://</c> on the socket already open: the handshake written here (<see cref="WebSocketUpgrade"/>).</summary>
    private async Task<WebSocket> UpgradePlain(System.Net.Sockets.Socket opened, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var (socket, refused) = await WebSocketUpgrade.ConnectAsync(opened, options.Endpoint, headers, options.WebSocketKeepAlive, cancellationToken);
        if (refused is not null)
        {
            (RefusedStatus, RetryAfter) = (refused.Status, refused.RetryAfter);
            throw new WebSocketException(refused.Status is null or System.Net.HttpStatusCode.SwitchingProtocols ? WebSocketError.HeaderError : WebSocketError.NotAWebSocket, refused.Message);
        }
        return socket!;
    }

    /// <summary>TLS, proxies and client certificates: ClientWebSocket over the HTTP stack.</summary>
    private async Task<WebSocket> UpgradeThroughHttpStack(System.Net.Sockets.Socket? opened, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var client = new ClientWebSocket();
        foreach (var (name, value) in headers)
        {
            client.Options.SetRequestHeader(name, value);
        }
        client.Options.KeepAliveInterval = options.WebSocketKeepAlive;
        client.Options.CollectHttpResponseDetails = true;
        try
        {
            using var invoker = ClientSockets.WithSocket(_ownHandler ?? ClientSockets.SharedHandler(options.LocalAddress, options.Tls?.ServerCaPem), opened);
            await client.ConnectAsync(options.Endpoint, invoker, cancellationToken);
            return client;
        }
        catch (Exception e)
        {
            if (e is WebSocketException)
            {
                RefusedStatus = client.HttpStatusCode == 0 ? null : client.HttpStatusCode;
                if (client.HttpResponseHeaders?.TryGetValue("Retry-After", out var values) == true
                    && int.TryParse(values.FirstOrDefault(), out var seconds))
                {
                    RetryAfter = TimeSpan.FromSeconds(seconds);
                }
            }
            client.Dispose();
            throw;
        }
    }

    private WebSocket Connected => _socket ?? throw new InvalidOperationException("The WebSocket is not connected.");

    public async Task SendAsync(AgentToServer message, CancellationToken cancellationToken)
    {
        var size = message.CalculateSize();
        var frame = ArrayPool<byte>.Shared.Rent(size + 1);
        try
        {
            frame[0] = 0; // header: varint 0
            message.WriteTo(frame.AsSpan(1, size));
            await _sendLock.WaitAsync(cancellationToken);
            try
            {
                await Connected.SendAsync(frame.AsMemory(0, size + 1), WebSocketMessageType.Binary, true, cancellationToken);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>Sends raw bytes as one frame (tests use it to send what a real agent would not).</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> frame, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await Connected.SendAsync(frame, type, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_socket is { State: WebSocketState.Open } socket)
        {
            await _sendLock.WaitAsync(cancellationToken);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone.
        }
        _stop.Cancel();
        _socket?.Dispose();
        _ownHandler?.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveLoop(Func<ServerToAgent, Task> onMessage, CancellationToken cancellationToken)
    {
        var socket = Connected;
        var buffer = new byte[Math.Clamp(options.ReceiveBufferBytes, 1, options.MaxMessageBytes)];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        if (buffer.Length >= options.MaxMessageBytes)
                        {
                            await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "", cancellationToken);
                            return;
                        }
                        Array.Resize(ref buffer, Math.Min(buffer.Length * 2, options.MaxMessageBytes));
                    }
                    result = await socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        // Complete the server's close handshake (e.g. a gateway draining with 1001).
                        if (socket.State == WebSocketState.CloseReceived)
                        {
                            await _sendLock.WaitAsync(cancellationToken);
                            try
                            {
                                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken);
                            }
                            finally
                            {
                                _sendLock.Release();
                            }
                        }
                        return;
                    }
                    count += result.Count;
                }
                while (!result.EndOfMessage);

                var offset = ReadHeader(buffer.AsSpan(0, count));
                await onMessage(ServerToAgent.Parser.ParseFrom(buffer.AsSpan(offset, count - offset)));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Connection lost or stopped: Completion tells the owner.
        }
    }

    private static int ReadHeader(ReadOnlySpan<byte> frame)
    {
        var offset = 0;
        while (offset < frame.Length && (frame[offset] & 0x80) != 0)
        {
            offset++;
        }
        return Math.Min(offset + 1, frame.Length);
    }
}
