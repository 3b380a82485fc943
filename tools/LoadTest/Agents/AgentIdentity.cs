using System.Buffers.Binary;

namespace Fleet.LoadTest.Agents;

/// <summary>
/// Instance uids made from the run id and the agent's index, so the parent knows every agent's uid
/// (for PUTs and for reading the API) without asking its workers. Layout, big-endian as on the wire:
/// 48 bits run id, version 8 (custom), variant 10, the index in the last four bytes, whose low byte
/// spreads agents evenly over the server's directory shards.
/// </summary>
public static class AgentIdentity
{
    public const ulong MaxRunId = (1UL << 48) - 1;

    public static ulong NewRunId() => (ulong)Random.Shared.NextInt64() & MaxRunId;

    public static Guid For(ulong runId, int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(runId >> (40 - 8 * i));
        }
        bytes[6] = 0x80; // version 8
        bytes[8] = 0x80; // RFC 9562 variant
        BinaryPrimitives.WriteInt32BigEndian(bytes[12..], index);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The run id in the first 48 bits.</summary>
    public static ulong RunIdOf(Guid uid)
    {
        Span<byte> bytes = stackalloc byte[16];
        uid.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 16;
    }

    /// <summary>The index of one of this run's agents, or false for any other uid.</summary>
    public static bool TryIndexOf(Guid uid, ulong runId, out int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        uid.TryWriteBytes(bytes, bigEndian: true, out _);
        index = BinaryPrimitives.ReadInt32BigEndian(bytes[12..]);
        return index >= 0 && For(runId, index) == uid;
    }
}
