namespace Fleet.Gateway.Transport;

/// <summary>
/// OpAMP WebSocket framing: a varint header (0 in this spec version) followed by the protobuf message.
/// </summary>
public static class OpAmpFrame
{
    /// <summary>Finds where the protobuf data starts.</summary>
    /// <returns>
    /// <see cref="FrameHeader.Zero"/> for a spec frame; <see cref="FrameHeader.Legacy"/> for a frame from
    /// an agent predating the header (it starts straight with a protobuf field tag);
    /// <see cref="FrameHeader.Unsupported"/> for a non-zero (future) header or garbage.
    /// </returns>
    public static FrameHeader Read(ReadOnlySpan<byte> frame, out int dataOffset, out ulong header)
    {
        dataOffset = 0;
        header = 0;
        if (frame.IsEmpty)
        {
            // An empty AgentToServer without header: legacy encoding of an all-default message.
            return FrameHeader.Legacy;
        }
        if (TryReadVarint(frame, out header, out var length) && header == 0)
        {
            dataOffset = length;
            return FrameHeader.Zero;
        }
        return LooksLikeFieldTag(frame[0]) ? FrameHeader.Legacy : FrameHeader.Unsupported;
    }

    /// <summary>Length of the header this server writes (varint 0).</summary>
    public const int HeaderBytes = 1;

    /// <summary>Writes the spec header (varint 0) into the first byte; returns the header length.</summary>
    public static int WriteHeader(Span<byte> destination)
    {
        destination[0] = 0;
        return HeaderBytes;
    }

    // AgentToServer fields 1-15 have one-byte tags: field number above 0, wire type varint, 64-bit,
    // length-delimited or 32-bit. Headers 1..7 can never look like that.
    private static bool LooksLikeFieldTag(byte first) =>
        (first & 0x80) == 0 && first >> 3 is >= 1 and <= 15 && (first & 0x7) is 0 or 1 or 2 or 5;

    private static bool TryReadVarint(ReadOnlySpan<byte> bytes, out ulong value, out int length)
    {
        value = 0;
        for (length = 0; length < Math.Min(bytes.Length, 10); length++)
        {
            var b = bytes[length];
            value |= (ulong)(b & 0x7F) << (7 * length);
            if ((b & 0x80) == 0)
            {
                length++;
                return true;
            }
        }
        return false;
    }
}
