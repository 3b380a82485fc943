using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Fleet.Contracts.OpAmp;
using Google.Protobuf;

namespace Fleet.Grains.Configs;

/// <summary>
/// A stable SHA-256 over a config map: files in ordinal name order, each field length-prefixed, so
/// the same files always hash the same however the map was built or serialised.
/// </summary>
public static class ConfigHash
{
    public static ByteString Compute(AgentConfigMap map)
    {
        // One buffer and a one-shot hash: an incremental hash allocates a native context per call,
        // and this runs for every new agent's summary.
        var names = new string[map.ConfigMap.Count];
        map.ConfigMap.Keys.CopyTo(names, 0);
        Array.Sort(names, StringComparer.Ordinal);
        var size = 0;
        foreach (var name in names)
        {
            var file = map.ConfigMap[name];
            size += 3 * sizeof(long) + Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(file.ContentType) + file.Body.Length;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var written = 0;
            foreach (var name in names)
            {
                var file = map.ConfigMap[name];
                written += AppendString(buffer.AsSpan(written), name);
                written += AppendString(buffer.AsSpan(written), file.ContentType);
                written += AppendField(buffer.AsSpan(written), file.Body.Span);
            }
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, written), hash);
            return ByteString.CopyFrom(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string ToHex(ByteString hash) => Convert.ToHexStringLower(hash.Span);

    private static int AppendString(Span<byte> destination, string value)
    {
        var length = Encoding.UTF8.GetBytes(value, destination[sizeof(long)..]);
        BinaryPrimitives.WriteInt64BigEndian(destination, length);
        return sizeof(long) + length;
    }

    private static int AppendField(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, bytes.Length);
        bytes.CopyTo(destination[sizeof(long)..]);
        return sizeof(long) + bytes.Length;
    }
}
