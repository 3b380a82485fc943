using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Fleet.Gateway.Transport;

/// <summary>
/// The head of an HTTP/1.1 request that asks for an OpAMP WebSocket, read straight off a connection
/// (<see cref="ConnectionWebSockets"/>). Strict on purpose: anything it does not fully understand is
/// declined and left to Kestrel and the request pipeline, which answer it as for any request.
/// </summary>
public sealed class UpgradeRequest
{
    /// <summary>Heads longer than this go to Kestrel, whose own limits answer them (431).</summary>
    public const int MaxHeadBytes = 16 * 1024;

    // Kestrel's own defaults (MaxRequestLineSize, MaxRequestHeaderCount): beyond them it answers, not us.
    private const int MaxRequestLineBytes = 8 * 1024;
    private const int MaxHeaderCount = 100;

    private static ReadOnlySpan<byte> Prefix => "GET /v1/opamp"u8;
    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    private UpgradeRequest(string path, string query, HeaderDictionary headers, int headLength, string key)
    {
        Path = path;
        Query = query;
        Headers = headers;
        HeadLength = headLength;
        Key = key;
    }

    public string Path { get; }

    /// <summary>"" or the query string with its "?".</summary>
    public string Query { get; }

    public IHeaderDictionary Headers { get; }

    /// <summary>Bytes of the head, its blank line included: what follows belongs to the WebSocket.</summary>
    public int HeadLength { get; }

    /// <summary>Sec-WebSocket-Key, for the accept hash.</summary>
    public string Key { get; }

    /// <summary>Reads a head from the start of <paramref name="buffer"/>.</summary>
    public static UpgradeParse TryParse(ReadOnlySequence<byte> buffer, out UpgradeRequest? request)
    {
        request = null;
        var window = buffer.Length > MaxHeadBytes ? buffer.Slice(0, MaxHeadBytes) : buffer;
        Span<byte> head = window.IsSingleSegment ? [] : new byte[window.Length];
        ReadOnlySpan<byte> bytes = window.IsSingleSegment ? window.FirstSpan : Copy(window, head);

        var start = bytes[..Math.Min(bytes.Length, Prefix.Length)];
        if (!Prefix.StartsWith(start) || (bytes.Length > Prefix.Length && bytes[Prefix.Length] is not ((byte)' ' or (byte)'?')))
        {
            return UpgradeParse.Declined;
        }
        var end = bytes.IndexOf(HeadEnd);
        if (end < 0)
        {
            return buffer.Length >= MaxHeadBytes ? UpgradeParse.Declined : UpgradeParse.Incomplete;
        }
        request = Parse(bytes[..(end + 2)], end + HeadEnd.Length);
        return request is null ? UpgradeParse.Declined : UpgradeParse.Parsed;
    }

    private static ReadOnlySpan<byte> Copy(ReadOnlySequence<byte> window, Span<byte> into)
    {
        window.CopyTo(into);
        return into;
    }

    /// <param name="lines">The request line and header lines, each ending in CRLF.</param>
    private static UpgradeRequest? Parse(ReadOnlySpan<byte> lines, int headLength)
    {
        var lineEnd = lines.IndexOf("\r\n"u8);
        if (lineEnd > MaxRequestLineBytes || !TryRequestLine(lines[..lineEnd], out var path, out var query))
        {
            return null;
        }
        var headers = new HeaderDictionary();
        var rest = lines[(lineEnd + 2)..];
        for (var count = 1; rest.Length > 0; count++)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            if (count > MaxHeaderCount || !TryHeader(rest[..lineEnd], out var name, out var value))
            {
                return null;
            }
            headers.Append(name, value);
            rest = rest[(lineEnd + 2)..];
        }
        return IsWebSocketUpgrade(headers, out var key) ? new UpgradeRequest(path, query, headers, headLength, key) : null;
    }

    private static bool TryRequestLine(ReadOnlySpan<byte> line, out string path, out string query)
    {
        path = query = "";
        if (!line.EndsWith(" HTTP/1.1"u8))
        {
            return false;
        }
        var target = line["GET "u8.Length..^" HTTP/1.1"u8.Length];
        var questionMark = target.IndexOf((byte)'?');
        var pathBytes = questionMark < 0 ? target : target[..questionMark];
        // Exactly the OpAMP path: anything else (other case, dot segments, escapes) is routed as usual.
        if (!pathBytes.SequenceEqual("/v1/opamp"u8) || !IsVisibleAscii(target))
        {
            return false;
        }
        path = OpAmpHosting.Path;
        query = questionMark < 0 ? "" : Encoding.ASCII.GetString(target[questionMark..]);
        return true;
    }

    private static bool TryHeader(ReadOnlySpan<byte> line, out string name, out string value)
    {
        name = value = "";
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || !IsToken(line[..colon]))
        {
            return false; // obsolete line folding, a space before the colon, an empty name
        }
        var raw = line[(colon + 1)..].Trim(" \t"u8);
        foreach (var b in raw)
        {
            if ((b < 0x20 && b != (byte)'\t') || b >= 0x7F)
            {
                return false;
            }
        }
        name = Encoding.ASCII.GetString(line[..colon]);
        value = Encoding.ASCII.GetString(raw);
        return true;
    }

    private static bool IsWebSocketUpgrade(HeaderDictionary headers, out string key)
    {
        key = headers[HeaderNames.SecWebSocketKey].ToString();
        return headers[HeaderNames.Host] is { Count: 1 } host && IsHost(host[0]!)
            && HasToken(headers[HeaderNames.Upgrade], "websocket")
            && HasToken(headers[HeaderNames.Connection], "upgrade")
            && headers[HeaderNames.SecWebSocketVersion] is { Count: 1 } version && version[0] == "13"
            && headers[HeaderNames.SecWebSocketKey].Count == 1 && IsWebSocketKey(key)
            && !headers.ContainsKey(HeaderNames.TransferEncoding)
            && (!headers.ContainsKey(HeaderNames.ContentLength) || headers[HeaderNames.ContentLength] == "0");
    }

    private static bool HasToken(Microsoft.Extensions.Primitives.StringValues values, string token)
    {
        foreach (var value in values)
        {
            foreach (var part in (value ?? "").Split(','))
            {
                if (part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>host[:port] or [v6]:port, as Kestrel would accept it; anything else goes to Kestrel (400).</summary>
    private static bool IsHost(string host)
    {
        if (host.Length == 0)
        {
            return false;
        }
        foreach (var c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or ':' or '[' or ']' or '_'))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsWebSocketKey(string key)
    {
        Span<byte> decoded = stackalloc byte[24];
        return Convert.TryFromBase64String(key, decoded, out var length) && length == 16;
    }

    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            var ok = b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                || "!#$%&'*+-.^_`|~"u8.Contains(b);
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsVisibleAscii(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is <= 0x20 or >= 0x7F)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The request as a request feature, for the short-lived context the checks run on.</summary>
    internal HttpRequestFeature ToFeature(string scheme) => new()
    {
        Protocol = "HTTP/1.1",
        Method = HttpMethods.Get,
        Scheme = scheme,
        Path = Path,
        PathBase = "",
        QueryString = Query,
        RawTarget = Path + Query,
        Headers = Headers,
    };
}
