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
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in map.ConfigMap.Keys.Order(StringComparer.Ordinal))
        {
            var file = map.ConfigMap[name];
            AppendField(hash, Encoding.UTF8.GetBytes(name));
            AppendField(hash, Encoding.UTF8.GetBytes(file.ContentType));
            AppendField(hash, file.Body.Span);
        }
        return ByteString.CopyFrom(hash.GetHashAndReset());
    }

    public static string ToHex(ByteString hash) => Convert.ToHexStringLower(hash.Span);

    private static void AppendField(IncrementalHash hash, ReadOnlySpan<byte> bytes)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
