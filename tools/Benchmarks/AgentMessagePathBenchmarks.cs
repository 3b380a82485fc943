using BenchmarkDotNet.Attributes;
using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Grains.Agents;
using Google.Protobuf;

namespace Fleet.Benchmarks;

/// <summary>
/// The server's work per agent message, outside Orleans and the network: decode the AgentToServer,
/// decide on full state, merge into the known status, plan and encode the ServerToAgent, and build
/// the directory summary the grain compares on every message. Allocations per message are the point.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class AgentMessagePathBenchmarks
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);
    private byte[] _firstBytes = [];
    private byte[] _heartbeatBytes = [];
    private byte[] _healthChangeBytes = [];
    private AgentToServer _known = new();
    private byte[] _knownBytes = [];
    private AgentToServer _heartbeat = new();
    private AgentRemoteConfig _desired = new();
    private AgentConnection _connection = null!;

    /// <summary>Size of the effective config the agent reports (it is cloned, compared and hashed).</summary>
    [Params(1024, 16384)]
    public int ConfigBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var first = SampleMessages.FirstMessage(ConfigBytes);
        _firstBytes = first.ToByteArray();
        _heartbeat = SampleMessages.Heartbeat(42);
        _heartbeatBytes = _heartbeat.ToByteArray();
        _healthChangeBytes = SampleMessages.HealthChange(42).ToByteArray();
        _known = StatusMerge.Merge(null, first).Status;
        _knownBytes = _known.ToByteArray();
        _desired = SampleMessages.DesiredConfig(ConfigBytes);
        _connection = new AgentConnection(Guid.CreateVersion7(), AgentTransport.WebSocket, "benchmark-gateway", null);
    }

    [Benchmark]
    public AgentToServer DecodeHeartbeat() => AgentToServer.Parser.ParseFrom(_heartbeatBytes);

    [Benchmark]
    public AgentToServer DecodeFirstMessage() => AgentToServer.Parser.ParseFrom(_firstBytes);

    /// <summary>What a heartbeat used to parse of the stored status: all of it.</summary>
    [Benchmark]
    public AgentToServer ParseStoredStatus() => AgentToServer.Parser.ParseFrom(_knownBytes);

    /// <summary>What a plain heartbeat parses of the stored status now.</summary>
    [Benchmark]
    public AgentToServer? ParseHeartbeatStatus() => HeartbeatStatus.Parse(_knownBytes);

    [Benchmark]
    public AgentToServer MergeHeartbeat() => StatusMerge.Merge(_known, _heartbeat).Status;

    [Benchmark]
    public byte[] EncodePlainReply() =>
        AgentReplies.Reply(new ReplyPlan(_heartbeat.InstanceUid)).ToByteArray();

    [Benchmark]
    public byte[] EncodeReplyWithHeartbeatOffer() =>
        AgentReplies.Reply(new ReplyPlan(_heartbeat.InstanceUid, HeartbeatInterval: HeartbeatInterval)).ToByteArray();

    [Benchmark]
    public AgentSummary BuildSummary() =>
        AgentSummaries.From(SampleMessages.Uid, _known, _connection, connected: true, DateTimeOffset.UnixEpoch, _desired);

    /// <summary>A heartbeat from bytes to reply bytes, as the grain handles it (summary included).</summary>
    [Benchmark(Baseline = true)]
    public byte[] HeartbeatPath() => Handle(_heartbeatBytes, _known, lastSequenceNum: 41, heartbeatOffered: true).Reply;

    /// <summary>A health change: the status changes, so it is also re-encoded for storage.</summary>
    [Benchmark]
    public byte[] HealthChangePath() => Handle(_healthChangeBytes, _known, lastSequenceNum: 41, heartbeatOffered: true).Reply;

    /// <summary>A connecting agent: first status, heartbeat offer and the config it still needs.</summary>
    [Benchmark]
    public byte[] FirstMessagePath() => Handle(_firstBytes, known: null, lastSequenceNum: null, heartbeatOffered: false).Reply;

    private (byte[] Reply, byte[]? Stored, AgentSummary Summary) Handle(byte[] bytes, AgentToServer? known, ulong? lastSequenceNum, bool heartbeatOffered)
    {
        var message = AgentToServer.Parser.ParseFrom(bytes);
        var (merged, changed) = StatusMerge.Merge(known, message);
        var fullState = FullStateDecision.NeedsFullState(lastSequenceNum, message, merged);
        var config = AgentReplies.ConfigOwed(merged, _desired, sentOnConnection: null) ? _desired : null;
        TimeSpan? offer = AgentReplies.HeartbeatOwed(merged, heartbeatOffered) ? HeartbeatInterval : null;
        var stored = changed ? merged.ToByteArray() : null;
        var summary = AgentSummaries.From(SampleMessages.Uid, merged, _connection, connected: true, DateTimeOffset.UnixEpoch, _desired);
        var reply = AgentReplies.Reply(new ReplyPlan(message.InstanceUid, fullState, null, config, offer)).ToByteArray();
        return (reply, stored, summary);
    }
}
