using System.Buffers;
using System.Net.WebSockets;
using Fleet.Contracts.Agents;
using Fleet.Gateway.Security.Agents;
using Fleet.Gateway.Limits;
using Google.Protobuf;

namespace Fleet.Gateway.Transport;

/// <summary>
/// One agent's WebSocket: reads frames in order, sends each to the agent's grain, and serialises
/// replies and server-initiated pushes on the socket.
/// </summary>
public sealed partial class WebSocketSession(
    WebSocket socket,
    AgentConnection connection,
    AgentIdentity identity,
    AgentMessageRouter router,
    GatewayMetrics metrics,
    int maxMessageBytes,
    ILogger logger,
    MessageRate? messageRate = null)
{
    private const int InitialBufferBytes = 4096;
    private static readonly TimeSpan SilentClosePatience = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Guid? _uid;

    public Guid ConnectionId => connection.ConnectionId;

    /// <summary>What the agent authenticated with on the upgrade.</summary>
    public AgentIdentity Identity => identity;

    /// <summary>The agent on this socket, once its first valid message arrived.</summary>
    public Guid? InstanceUid => _uid;

    public async Task Run(CancellationToken aborted)
    {
        try
        {
            await ReceiveLoop(aborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            LogConnectionLost(logger, ConnectionId, _uid, e.Message);
        }
        finally
        {
            _ended.TrySetResult();
            if (_uid is { } uid)
            {
                // Not awaited: reports are paced, and this socket's slot must not wait for its turn.
                _ = router.Disconnected(uid, ConnectionId);
            }
        }
    }

    /// <summary>A server-initiated message from the agent's grain.</summary>
    public void Push(byte[] message)
    {
        metrics.Sent("push");
        _ = SendPush(message);
    }

    /// <summary>Closes the socket from the server side (drain, shutdown).</summary>
    public async Task Close(WebSocketCloseStatus status, string description, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, description, cancellationToken);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// The agent's grain lists it offline: it sent nothing past its heartbeat deadline. Says why, gives a
    /// peer that still reads a moment to answer the close, then aborts (a hung peer never answers).
    /// </summary>
    public async Task CloseSilent()
    {
        LogClosedSilent(logger, ConnectionId, _uid);
        try
        {
            using var patience = new CancellationTokenSource(SilentClosePatience);
            await Close(WebSocketCloseStatus.PolicyViolation, "no message within the heartbeat deadline", patience.Token);
            await _ended.Task.WaitAsync(patience.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Gone already, or not answering: the abort below ends it either way.
        }
        finally
        {
            socket.Abort();
        }
    }

    private async Task ReceiveLoop(CancellationToken aborted)
    {
        while (true)
        {
            // Wait for the next message without a buffer: between heartbeats (nearly all the time, for
            // nearly every agent) a socket holds no receive buffer at all.
            var first = await socket.ReceiveAsync(Memory<byte>.Empty, aborted);
            if (first.MessageType == WebSocketMessageType.Close)
            {
                // Answer the agent's close handshake.
                await Close(WebSocketCloseStatus.NormalClosure, "", aborted);
                return;
            }
            if (!await ReceiveMessage(first, aborted))
            {
                return;
            }
        }
    }

    /// <returns>false when the connection must end.</returns>
    private async Task<bool> ReceiveMessage(ValueWebSocketReceiveResult first, CancellationToken aborted)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        byte[]? message;
        ulong header;
        try
        {
            var count = 0;
            var result = first; // an empty message ends with the zero-byte read itself
            while (!result.EndOfMessage)
            {
                if (count == buffer.Length)
                {
                    if (count > maxMessageBytes)
                    {
                        LogTooBig(logger, ConnectionId, _uid, maxMessageBytes);
                        await Close(WebSocketCloseStatus.MessageTooBig, $"message exceeds {maxMessageBytes} bytes", aborted);
                        return false;
                    }
                    buffer = Grow(buffer, count);
                }
                result = await socket.ReceiveAsync(buffer.AsMemory(count), aborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await Close(WebSocketCloseStatus.NormalClosure, "", aborted);
                    return false;
                }
                count += result.Count;
            }

            if (count > maxMessageBytes)
            {
                LogTooBig(logger, ConnectionId, _uid, maxMessageBytes);
                await Close(WebSocketCloseStatus.MessageTooBig, $"message exceeds {maxMessageBytes} bytes", aborted);
                return false;
            }
            if (result.MessageType == WebSocketMessageType.Text)
            {
                LogTextFrame(logger, ConnectionId, _uid);
                await Close(WebSocketCloseStatus.InvalidMessageType, "OpAMP messages are binary frames", aborted);
                return false;
            }
            // The message leaves the pooled buffer before its grain call, which takes seconds in a connect
            // storm: buffers held that long outnumbered the pool's, and every message allocated a new one.
            // The copy is the one the grain call needs anyway (AgentMessageRouter takes it over).
            message = OpAmpFrame.Read(buffer.AsSpan(0, count), out var offset, out header) == FrameHeader.Unsupported
                ? null
                : buffer.AsSpan(offset, count - offset).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return await Handle(message, header, aborted);
    }

    private byte[] Grow(byte[] buffer, int count)
    {
        // Up to one byte past the limit, which is how an oversize message shows itself.
        var size = (int)Math.Min((long)buffer.Length * 2, (long)maxMessageBytes + 1);
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, count).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }

    /// <param name="message">The AgentToServer bytes after the frame's header; null when the header is not one we read.</param>
    /// <param name="header">The frame's header.</param>
    /// <param name="aborted">The connection's end.</param>
    /// <returns>false when the connection must end.</returns>
    private async Task<bool> Handle(byte[]? message, ulong header, CancellationToken aborted)
    {
        if (messageRate?.Take(TimeSpan.FromMilliseconds(Environment.TickCount64)) is { } admission && admission != MessageAdmission.Accepted)
        {
            return await RefuseOverRate(messageRate, admission, aborted);
        }
        if (message is null)
        {
            LogUnsupportedHeader(logger, ConnectionId, _uid, header);
            var error = AgentMessageRouter.BadRequest(_uid is { } known ? Fleet.Contracts.Agents.InstanceUid.ToByteString(known) : ByteString.Empty, $"unsupported OpAMP WebSocket message header {header}; expected 0");
            await Send(error.Message, aborted);
            return true;
        }

        var routed = await router.Route(message, connection, _uid, identity);
        if (routed.Outcome == RouteOutcome.Ok)
        {
            _uid = routed.RenamedTo ?? routed.InstanceUid;
        }
        metrics.Sent("reply");
        await Send(WithinLimit(routed.Message, "reply"), aborted);

        if (routed.Outcome == RouteOutcome.Unauthorized)
        {
            await Close(WebSocketCloseStatus.PolicyViolation, "not authorized", aborted);
            return false;
        }
        if (routed.Close)
        {
            await Close(WebSocketCloseStatus.PolicyViolation, "a newer connection of this agent exists", aborted);
            return false;
        }
        return true;
    }

    private async Task SendPush(byte[] message)
    {
        try
        {
            await Send(WithinLimit(message, "push"), CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            LogPushFailed(logger, ConnectionId, _uid, e.Message);
        }
    }

    private byte[] WithinLimit(byte[] message, string kind)
    {
        if (OutgoingLimit.Allows(message.Length, OpAmpFrame.HeaderBytes, maxMessageBytes))
        {
            return message;
        }
        LogOversizeDiscarded(logger, kind, ConnectionId, _uid, message.Length + OpAmpFrame.HeaderBytes, maxMessageBytes);
        metrics.Discarded("oversize");
        return OutgoingLimit.Refusal(_uid, message.Length + OpAmpFrame.HeaderBytes, maxMessageBytes);
    }

    private async Task Send(byte[] message, CancellationToken cancellationToken)
    {
        var frame = ArrayPool<byte>.Shared.Rent(message.Length + 1);
        try
        {
            var headerLength = OpAmpFrame.WriteHeader(frame);
            message.CopyTo(frame.AsSpan(headerLength));
            await _sendLock.WaitAsync(cancellationToken);
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(frame.AsMemory(0, message.Length + headerLength), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
                }
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
}
