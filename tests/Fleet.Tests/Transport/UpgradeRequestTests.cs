using System.Buffers;
using System.Text;
using Fleet.Gateway.Transport;

namespace Fleet.Tests.Transport;

public class UpgradeRequestTests
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    private static string Head(string requestLine = "GET /v1/opamp HTTP/1.1", params string[] extra) =>
        requestLine + "\r\nHost: 127.0.0.1:4320\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Key + "\r\n"
        + string.Concat(extra.Select(e => e + "\r\n")) + "\r\n";

    private static UpgradeParse Parse(string text, out UpgradeRequest? request) =>
        UpgradeRequest.TryParse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)), out request);

    [Fact]
    public void TryParse_WellFormedUpgrade_ParsedWithHeadersAndLength()
    {
        var head = Head(extra: ["Authorization: Bearer abc", "OpAMP-Instance-UID: 0190e6d1-7c8e-7f3a-9d3e-1f2a3b4c5d6e"]);

        var parse = Parse(head + "\u0000frame", out var request);

        Assert.Equal(UpgradeParse.Parsed, parse);
        Assert.Equal(head.Length, request!.HeadLength);
        Assert.Equal(Key, request.Key);
        Assert.Equal("Bearer abc", request.Headers.Authorization.ToString());
        Assert.Equal("0190e6d1-7c8e-7f3a-9d3e-1f2a3b4c5d6e", request.Headers["opamp-instance-uid"].ToString());
        Assert.Equal("", request.Query);
    }

    [Fact]
    public void TryParse_HeadOverSeveralSegments_Parsed()
    {
        var bytes = Encoding.ASCII.GetBytes(Head("GET /v1/opamp?tenant=a HTTP/1.1"));
        var sequence = Segments.Of(bytes.Chunk(7).ToArray());

        Assert.Equal(UpgradeParse.Parsed, UpgradeRequest.TryParse(sequence, out var request));
        Assert.Equal("?tenant=a", request!.Query);
        Assert.Equal(bytes.Length, request.HeadLength);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GET /v1")]
    [InlineData("GET /v1/opamp HTTP/1.1\r\nHost: x\r\n")]
    public void TryParse_HeadNotFinished_Incomplete(string text) =>
        Assert.Equal(UpgradeParse.Incomplete, Parse(text, out _));

    [Theory]
    [InlineData("POST /v1/opamp HTTP/1.1\r\n")]
    [InlineData("GET /api/agents HTTP/1.1\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    [InlineData("GET /v1/opampx HTTP/1.1\r\n")]
    public void TryParse_OtherRequest_DeclinedAtOnce(string text) =>
        Assert.Equal(UpgradeParse.Declined, Parse(text, out _));

    [Theory]
    [InlineData("GET /v1/opamp HTTP/1.0")]
    [InlineData("GET /v1/opamp/../opamp HTTP/1.1")]
    [InlineData("GET /v1/opamp  HTTP/1.1")]
    public void TryParse_UnusualRequestLine_Declined(string requestLine) =>
        Assert.Equal(UpgradeParse.Declined, Parse(Head(requestLine), out _));

    [Theory]
    [InlineData("Sec-WebSocket-Version: 8")]
    [InlineData("Sec-WebSocket-Key: second")]
    [InlineData("Host: twice")]
    [InlineData("Transfer-Encoding: chunked")]
    [InlineData("Content-Length: 5")]
    [InlineData(" folded: continuation")]
    [InlineData("Bad Name: x")]
    [InlineData("X-Control: a\u0001b")]
    [InlineData("X-Latin: caf\u00e9")]
    [InlineData("Host: a/b")]
    public void TryParse_HeaderItCannotVouchFor_Declined(string header) =>
        Assert.Equal(UpgradeParse.Declined, Parse(Head(extra: header), out _));

    [Fact]
    public void TryParse_NotAnUpgrade_Declined()
    {
        var plainGet = "GET /v1/opamp HTTP/1.1\r\nHost: x\r\n\r\n";
        var badKey = Head().Replace(Key, "c2hvcnQ=", StringComparison.Ordinal);

        Assert.Equal(UpgradeParse.Declined, Parse(plainGet, out _));
        Assert.Equal(UpgradeParse.Declined, Parse(badKey, out _));
    }

    [Fact]
    public void TryParse_MoreHeadersOrLongerLineThanKestrelTakes_Declined()
    {
        var manyHeaders = Head(extra: [.. Enumerable.Range(0, 100).Select(i => $"X-H{i}: v")]);
        var longLine = Head("GET /v1/opamp?" + new string('q', 8 * 1024) + " HTTP/1.1");

        Assert.Equal(UpgradeParse.Declined, Parse(manyHeaders, out _));
        Assert.Equal(UpgradeParse.Declined, Parse(longLine, out _));
        Assert.Equal(UpgradeParse.Parsed, Parse(Head(extra: [.. Enumerable.Range(0, 90).Select(i => $"X-H{i}: v")]), out _));
    }

    [Fact]
    public void TryParse_HeadBeyondLimit_Declined()
    {
        var huge = "GET /v1/opamp HTTP/1.1\r\nX-Pad: " + new string('a', UpgradeRequest.MaxHeadBytes) + "\r\n";

        Assert.Equal(UpgradeParse.Declined, Parse(huge, out _));
    }

    [Fact]
    public void AcceptKey_Rfc6455Example_MatchesSpec() =>
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", ConnectionWebSockets.AcceptKey(Key));

    /// <summary>A byte sequence in several segments, as a socket's pipe hands it over.</summary>
    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Of(byte[][] chunks)
        {
            var first = new Segments(chunks[0], 0);
            var last = first;
            foreach (var chunk in chunks.Skip(1))
            {
                var next = new Segments(chunk, last.RunningIndex + last.Memory.Length);
                last.Next = next;
                last = next;
            }
            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }
}
