using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Client;

/// <summary>
/// The opening handshake of a plain <c>ws://</c> WebSocket (RFC 6455 §4.1), written on a socket the
/// client already opened, then the framing of <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>.
/// </summary>
/// <remarks>
/// Through ClientWebSocket every connect builds an HTTP/1.1 connection of the HTTP stack for one
/// request, with its ~10 KB of buffers, handlers, headers and messages, all garbage once the socket is
/// upgraded: in a load generator opening 10k agents at once that was ~40 % of what it allocated. TLS,
/// proxies and client certificates still go through ClientWebSocket.
/// </remarks>
internal static class WebSocketUpgrade
{
    /// <summary>A response head longer than this is not a WebSocket server's answer.</summary>
    public const int MaxResponseHeadBytes = 16 * 1024;

    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>What the server answered when it did not switch protocols.</summary>
    public sealed record Refusal(HttpStatusCode? Status, TimeSpan? RetryAfter, string Message);

    /// <returns>The open WebSocket (it owns the socket from then on), or why the server refused it.</returns>
    public static async Task<(WebSocket? Socket, Refusal? Refused)> ConnectAsync(
        Socket socket, Uri endpoint, IEnumerable<KeyValuePair<string, string>> headers, TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var key = NewKey();
            await stream.WriteAsync(Request(endpoint, key, headers), cancellationToken);
            var (head, leftover) = await ReadHead(stream, cancellationToken);
            if (Check(head, key) is { } refused)
            {
                await stream.DisposeAsync();
                return (null, refused);
            }
            // A server may send its first frame right behind the 101: those bytes are the WebSocket's.
            Stream framed = leftover.Length == 0 ? stream : new PrefixedStream(leftover, stream);
            return (WebSocket.CreateFromStream(framed, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = keepAlive }), null);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // As ClientWebSocket reports a connection lost during its handshake.
            await stream.DisposeAsync();
            throw new WebSocketException(WebSocketError.Faulted, $"the connection failed during the WebSocket handshake: {e.Message}", e);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    internal static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    internal static string Accept(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));

    /// <summary>The upgrade request's head; header names and values that would break it are refused.</summary>
    internal static byte[] Request(Uri endpoint, string key, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var head = new StringBuilder(256)
            .Append("GET ").Append(endpoint.PathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(endpoint.Authority).Append("\r\n")
            .Append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
            .Append("Sec-WebSocket-Key: ").Append(key).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            if (name.Length == 0 || name.AsSpan().IndexOfAny(" \t\r\n:") >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException($"header '{name}' is not a valid HTTP header", nameof(headers));
            }
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        return Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
    }

    /// <returns>Null when the head switches to this WebSocket; otherwise the refusal it states.</returns>
    internal static Refusal? Check(string head, string key)
    {
        var lines = head.Split("\r\n");
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return new Refusal(null, null, $"not an HTTP response: '{lines[0]}'");
        }
        string? upgrade = null, connection = null, accept = null, retryAfter = null;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var name = line.AsSpan(0, colon).Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
            {
                upgrade = value;
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                connection = value;
            }
            else if (name.Equals("Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase))
            {
                accept = value;
            }
            else if (name.Equals("Retry-After", StringComparison.OrdinalIgnoreCase))
            {
                retryAfter = value;
            }
        }
        if (code != (int)HttpStatusCode.SwitchingProtocols)
        {
            TimeSpan? wait = int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
            return new Refusal((HttpStatusCode)code, wait, $"The server returned status code '{code}' when status code '101' was expected.");
        }
        if (!string.Equals(upgrade, "websocket", StringComparison.OrdinalIgnoreCase)
            || connection is null || !connection.Split(',').Any(t => t.Trim().Equals("upgrade", StringComparison.OrdinalIgnoreCase)))
        {
            return new Refusal(HttpStatusCode.SwitchingProtocols, null, "the server switched protocols without 'Upgrade: websocket' and 'Connection: Upgrade'");
        }
        if (accept != Accept(key))
        {
            return new Refusal(HttpStatusCode.SwitchingProtocols, null, "the server's Sec-WebSocket-Accept does not answer this request's key");
        }
        return null;
    }

    /// <returns>The head (without its blank line) and any bytes read past it.</returns>
    private static async Task<(string Head, byte[] Leftover)> ReadHead(Stream stream, CancellationToken cancellationToken)
    {
        // A 101 is ~130 bytes; ten thousand handshakes at once outnumber what the pool keeps of larger sizes.
        var buffer = ArrayPool<byte>.Shared.Rent(256);
        try
        {
            var count = 0;
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (count >= MaxResponseHeadBytes)
                    {
                        throw new WebSocketException(WebSocketError.HeaderError, $"the server's response head exceeds {MaxResponseHeadBytes} bytes");
                    }
                    var bigger = ArrayPool<byte>.Shared.Rent(count * 2);
                    buffer.AsSpan(0, count).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(count), cancellationToken);
                if (read == 0)
                {
                    throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "the server closed the connection during the WebSocket handshake");
                }
                // Only the new bytes (and the three before them) can complete the blank line.
                var from = Math.Max(0, count - 3);
                count += read;
                var end = buffer.AsSpan(from, count - from).IndexOf("\r\n\r\n"u8);
                if (end >= 0)
                {
                    end += from;
                    return (Encoding.ASCII.GetString(buffer, 0, end), buffer.AsSpan(end + 4, count - end - 4).ToArray());
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
