using System.Net;
using System.Net.Sockets;
using System.Text;
using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Tests.Infrastructure;

/// <summary>
/// A WebSocket peer written on a bare TCP socket: it upgrades, sends one OpAMP frame, then goes silent
/// (never answers pings; it reads only when a test looks at what the server sends) — what a vanished
/// or hung host looks like to the server.
/// </summary>
public sealed class SilentWebSocketPeer : IDisposable
{
    private readonly Socket _socket;

    private SilentWebSocketPeer(Socket socket) => _socket = socket;

    public static async Task<SilentWebSocketPeer> Open(int port, AgentToServer message)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var upgrade = $"GET /v1/opamp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(upgrade));
        var response = new StringBuilder();
        var one = new byte[1];
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await socket.ReceiveAsync(one) == 0)
            {
                throw new InvalidOperationException("closed during upgrade");
            }
            response.Append((char)one[0]);
        }
        Assert.StartsWith("HTTP/1.1 101", response.ToString());
        await socket.SendAsync(MaskedBinaryFrame([0x00, .. message.ToByteArray()]));
        return new SilentWebSocketPeer(socket);
    }

    private static byte[] MaskedBinaryFrame(byte[] payload)
    {
        var frame = new List<byte> { 0x82 };
        if (payload.Length < 126)
        {
            frame.Add((byte)(0x80 | payload.Length));
        }
        else
        {
            frame.Add(0x80 | 126);
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }
        byte[] mask = [1, 2, 3, 4];
        frame.AddRange(mask);
        frame.AddRange(payload.Select((b, i) => (byte)(b ^ mask[i % 4])));
        return [.. frame];
    }

    /// <summary>
    /// The opcodes of the frames the server sends within the window (0x2 binary, 0x8 close, 0x9 ping,
    /// 0xA pong), without answering any; stops early when the server closes or <paramref name="enough"/> holds.
    /// </summary>
    public async Task<List<int>> Frames(TimeSpan window, Func<List<int>, bool>? enough = null)
    {
        var opcodes = new List<int>();
        using var until = new CancellationTokenSource(window);
        try
        {
            while (await NextFrame(until.Token) is { } opcode)
            {
                opcodes.Add(opcode);
                if (opcode == 0x8 || enough?.Invoke(opcodes) == true)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The window is over.
        }
        catch (SocketException)
        {
            // Reset by the server.
        }
        return opcodes;
    }

    /// <returns>The next frame's opcode with its payload skipped, or null at the end of the stream.</returns>
    private async Task<int?> NextFrame(CancellationToken cancellationToken)
    {
        if (await ReadExactly(2, cancellationToken) is not { } header)
        {
            return null;
        }
        long length = header[1] & 0x7F;
        if (length >= 126)
        {
            if (await ReadExactly(length == 126 ? 2 : 8, cancellationToken) is not { } extended)
            {
                return null;
            }
            length = extended.Aggregate(0L, (value, b) => (value << 8) | b);
        }
        return await ReadExactly((int)length, cancellationToken) is null ? null : header[0] & 0x0F;
    }

    private async Task<byte[]?> ReadExactly(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await _socket.ReceiveAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                return null;
            }
            read += n;
        }
        return buffer;
    }

    public void Dispose() => _socket.Dispose();
}
