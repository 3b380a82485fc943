using System.Text.Json;
using System.Text.Json.Serialization;
using Fleet.Contracts.Agents;
using Fleet.Grains.Inventory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Fleet.Hosting.Inventory;

/// <summary>
/// Directory shards in Redis: one hash per shard, one field per agent (its summary as JSON), so a write
/// carries only the agents that changed. Uses its own connection, so bursts of directory writes never
/// delay the agent-state reads and writes on the grain storage's connection.
/// </summary>
public sealed partial class RedisDirectoryStore(IConfiguration configuration, ILogger<RedisDirectoryStore> logger) : IDirectoryStore, IAsyncDisposable
{
    /// <summary>Readable in redis-cli and stable across renames of .NET types.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly string _prefix = $"fleet-directory/{configuration.ClusterOptions().ServiceId}/";
    private readonly Lazy<Task<ConnectionMultiplexer>> _redis = new(() => ConnectionMultiplexer.ConnectAsync(RedisConnection.Options(configuration)));

    public async Task<IReadOnlyCollection<AgentSummary>> Read(long shard)
    {
        var database = (await _redis.Value).GetDatabase();
        var entries = await database.HashGetAllAsync(Key(shard));
        var summaries = new List<AgentSummary>(entries.Length);
        foreach (var entry in entries)
        {
            try
            {
                summaries.Add(JsonSerializer.Deserialize<AgentSummary>((byte[])entry.Value!, Json) ?? throw new JsonException("null summary"));
            }
            catch (JsonException e)
            {
                // One unreadable entry must not take the shard down; the agent republishes on its next message.
                LogUnreadableSummary(logger, shard, entry.Name.ToString(), e);
            }
        }
        return summaries;
    }

    public async Task Write(long shard, IReadOnlyCollection<AgentSummary> saved, IReadOnlyCollection<Guid> removed)
    {
        var database = (await _redis.Value).GetDatabase();
        var key = Key(shard);
        var writes = new List<Task>(2);
        if (saved.Count > 0)
        {
            writes.Add(database.HashSetAsync(key, [.. saved.Select(s => new HashEntry(s.InstanceUid.ToString("N"), JsonSerializer.SerializeToUtf8Bytes(s, Json)))]));
        }
        if (removed.Count > 0)
        {
            writes.Add(database.HashDeleteAsync(key, [.. removed.Select(uid => (RedisValue)uid.ToString("N"))]));
        }
        await Task.WhenAll(writes);
    }

    private RedisKey Key(long shard) => _prefix + shard;

    public async ValueTask DisposeAsync()
    {
        if (_redis.IsValueCreated && _redis.Value.IsCompletedSuccessfully)
        {
            await _redis.Value.Result.DisposeAsync();
        }
    }
}
