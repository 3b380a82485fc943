using System.Net.WebSockets;
using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Tests.Infrastructure;

/// <summary>A bare WebSocket for sending what well-behaved agents never send, and reading exact frames.</summary>
public sealed class RawWebSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public static async Task<RawWebSocket> Connect(Uri endpoint)
    {
        var raw = new RawWebSocket();
        await raw._socket.ConnectAsync(endpoint, CancellationToken.None);
        return raw;
    }

    public WebSocket Socket => _socket;

    public Task Send(byte[] frame, WebSocketMessageType type = WebSocketMessageType.Binary) =>
        _socket.SendAsync(frame, type, true, CancellationToken.None);

    public Task Send(AgentToServer message) => Send([0x00, .. message.ToByteArray()]);

    /// <summary>The next whole frame, or null when the server closed the socket.</summary>
    public async Task<byte[]?> ReceiveFrame(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[1 << 20];
        var count = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer.AsMemory(count), cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            count += result.Count;
        }
        while (!result.EndOfMessage);
        return buffer[..count];
    }

    public async Task<ServerToAgent> Receive()
    {
        var frame = await ReceiveFrame() ?? throw new InvalidOperationException($"socket closed: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
        Assert.Equal(0, frame[0]);
        return ServerToAgent.Parser.ParseFrom(frame.AsSpan(1));
    }

    /// <summary>Reads until the server's close frame arrives; returns its status.</summary>
    public async Task<WebSocketCloseStatus?> ReceiveClose()
    {
        while (await ReceiveFrame() is not null)
        {
        }
        return _socket.CloseStatus;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", new CancellationTokenSource(2000).Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        _socket.Dispose();
    }
}
