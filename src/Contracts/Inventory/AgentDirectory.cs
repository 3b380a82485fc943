namespace Fleet.Contracts.Inventory;

/// <summary>How agents are spread over directory shards. Changing the shard count re-homes every agent.</summary>
public static class AgentDirectory
{
    public const int ShardCount = 64;

    public static long ShardOf(Guid instanceUid)
    {
        Span<byte> bytes = stackalloc byte[16];
        instanceUid.TryWriteBytes(bytes);
        // The last bytes of a UUIDv7/v4 are random; the first are a timestamp in v7.
        return (bytes[14] << 8 | bytes[15]) % ShardCount;
    }
}
