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

    /// <summary>Asks every shard the same question, in parallel.</summary>
    public static Task<T[]> AskEveryShard<T>(this IGrainFactory grains, Func<IAgentDirectoryGrain, Task<T>> ask) =>
        Task.WhenAll(Enumerable.Range(0, ShardCount).Select(shard => ask(grains.Get<IAgentDirectoryGrain>(shard))));

    /// <summary>Tells every shard the same thing, in parallel.</summary>
    public static Task TellEveryShard(this IGrainFactory grains, Func<IAgentDirectoryGrain, Task> tell) =>
        Task.WhenAll(Enumerable.Range(0, ShardCount).Select(shard => tell(grains.Get<IAgentDirectoryGrain>(shard))));

    /// <summary>The summaries of every agent matching the query, from all shards.</summary>
    public static async Task<List<Agents.AgentSummary>> QueryAgents(this IGrainFactory grains, AgentQuery query)
    {
        var shards = await grains.AskEveryShard(shard => shard.Query(query));
        var all = new List<Agents.AgentSummary>(shards.Sum(s => s.Count));
        foreach (var shard in shards)
        {
            all.AddRange(shard);
        }
        return all;
    }
}
