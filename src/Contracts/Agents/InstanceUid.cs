using Google.Protobuf;

namespace Fleet.Contracts.Agents;

/// <summary>Conversions between OpAMP's 16-byte instance_uid and the grain key (a UUID, big-endian).</summary>
public static class InstanceUid
{
    public const int Length = 16;

    public static bool TryParse(ByteString bytes, out Guid uid)
    {
        if (bytes.Length != Length)
        {
            uid = Guid.Empty;
            return false;
        }
        uid = new Guid(bytes.Span, bigEndian: true);
        return true;
    }

    public static ByteString ToByteString(Guid uid)
    {
        var bytes = new byte[Length];
        uid.TryWriteBytes(bytes, bigEndian: true, out _);
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>Accepts the canonical UUID form and 32 hex digits.</summary>
    public static bool TryParse(string text, out Guid uid) =>
        Guid.TryParseExact(text, "D", out uid) || Guid.TryParseExact(text, "N", out uid);

    public static string Format(Guid uid) => uid.ToString("D");
}
