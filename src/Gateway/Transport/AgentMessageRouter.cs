using Fleet.Contracts;
using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Grains.Agents;
using Fleet.Gateway.Hosting;
using Fleet.Gateway.Security.Agents;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Transport;

/// <summary>
/// The one path from a transport to an agent's grain: decode, validate, call the grain, and turn
/// every failure into the ServerErrorResponse the spec asks for. Bad input never reaches a grain.
/// </summary>
public sealed partial class AgentMessageRouter(
    IGrainFactory grains,
    AgentAuthenticator authenticator,
    IOptions<GatewayOptions> options,
    GatewayMetrics metrics,
    ILogger<AgentMessageRouter> logger)
{
    /// <summary>How long agents are told to wait when the grains are unreachable or the gateway is full.</summary>
    public TimeSpan RetryAfter => options.Value.RetryAfter;

    /// <param name="data">The encoded AgentToServer (without any WebSocket header); copied before this returns,
    /// so the caller may reuse its buffer at once.</param>
    /// <param name="connection">Where it arrived.</param>
    /// <param name="expectedUid">The uid this connection or request is bound to, if any.</param>
    /// <param name="identity">Who the connection or request authenticated as.</param>
    public Task<RoutedReply> Route(ReadOnlySpan<byte> data, AgentConnection connection, Guid? expectedUid, AgentIdentity identity) =>
        Route(data.ToArray(), connection, expectedUid, identity);

    /// <param name="message">The encoded AgentToServer (without any WebSocket header), handed over: the grain
    /// call carries this array itself, so the caller must not change or reuse it.</param>
    /// <param name="connection">Where it arrived.</param>
    /// <param name="expectedUid">The uid this connection or request is bound to, if any.</param>
    /// <param name="identity">Who the connection or request authenticated as.</param>
    public async Task<RoutedReply> Route(byte[] message, AgentConnection connection, Guid? expectedUid, AgentIdentity identity)
    {
        using var activity = MessageTracing.Start(connection);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var routed = await RouteCore(message, connection, expectedUid, identity);
        metrics.Received(connection.Transport, routed.Outcome, started);
        MessageTracing.Finish(activity, routed);
        return routed;
    }

    private async Task<RoutedReply> RouteCore(byte[] data, AgentConnection connection, Guid? expectedUid, AgentIdentity identity)
    {
        AgentToServer message;
        try
        {
            message = AgentToServer.Parser.ParseFrom(data);
        }
        catch (InvalidProtocolBufferException e)
        {
            LogMalformed(logger, expectedUid, connection.Transport, data.Length, e.Message);
            return BadRequest(ByteString.Empty, $"malformed AgentToServer message: {e.Message}");
        }

        if (!InstanceUid.TryParse(message.InstanceUid, out var uid))
        {
            LogBadInstanceUid(logger, expectedUid, connection.Transport, message.InstanceUid.Length);
            return BadRequest(message.InstanceUid, $"instance_uid must be {InstanceUid.Length} bytes, got {message.InstanceUid.Length}");
        }

        if (expectedUid is { } expected && expected != uid)
        {
            LogUidMismatch(logger, connection.Transport, expected, uid);
            return BadRequest(message.InstanceUid, $"instance_uid {uid} does not match {expected}, the agent of this connection");
        }

        switch (authenticator.Admit(identity, uid, connection.Transport == AgentTransport.WebSocket ? "websocket" : "http"))
        {
            case AgentAdmission.Revoked:
                return Unauthorized(message.InstanceUid, $"agent {uid} is revoked");
            case AgentAdmission.WrongAgent:
                return Unauthorized(message.InstanceUid, $"the credentials of this connection belong to agent {identity.Agent}, not {uid}");
        }

        // From here the parsed message is the grain's (AgentEnvelope.Parsed): only its uid is read again.
        var instanceUid = message.InstanceUid;
        try
        {
            var credential = authenticator.CredentialToOffer(identity, uid, message.Capabilities);
            var envelope = new AgentEnvelope(data, connection, credential) { Parsed = message };
            var reply = await grains.Get<IAgentGrain>(uid).Receive(envelope);
            return new RoutedReply(reply.Message, RouteOutcome.Ok, uid, reply.Close, reply.RenamedTo);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogGrainUnavailable(logger, uid, e);
            return Unavailable(instanceUid, "server temporarily unavailable; retry later") with { InstanceUid = uid };
        }
    }

    /// <summary>ServerErrorResponse UNAVAILABLE with RetryInfo: nothing was processed, try again later.</summary>
    public RoutedReply Unavailable(ByteString instanceUid, string message) => Unavailable(instanceUid, message, RetryAfter);

    /// <summary>ServerErrorResponse UNAVAILABLE telling the agent how long to wait (rate limits know better than the default).</summary>
    public static RoutedReply Unavailable(ByteString instanceUid, string message, TimeSpan retryAfter)
    {
        var error = AgentReplies.Error(instanceUid, ServerErrorResponseType.Unavailable, message);
        error.ErrorResponse.RetryInfo = new RetryInfo { RetryAfterNanoseconds = (ulong)retryAfter.TotalNanoseconds };
        return new RoutedReply(error.ToByteArray(), RouteOutcome.Unavailable);
    }

    private volatile bool _disconnectsIgnored;

    /// <summary>
    /// From now on, connections that end are not reported to their grains: for a stopping gateway whose
    /// grains live in its own process, those reports would only be writes to state about to vanish
    /// (18k of them held an embedded gateway's exit for seconds).
    /// </summary>
    public void IgnoreDisconnects() => _disconnectsIgnored = true;

    /// <summary>
    /// Disconnect reports in flight from this gateway at most. Each is a state write: when a whole
    /// fleet drops at once (100k agents in the cluster load test), unpaced reports queued ~100k writes
    /// at the silos and their Redis client, which then timed out; paced, they drain in order.
    /// </summary>
    public const int MaxDisconnectReportsInFlight = 64;

    private readonly SemaphoreSlim _disconnectSlots = new(MaxDisconnectReportsInFlight, MaxDisconnectReportsInFlight);
    private int _disconnectReportsPending;

    /// <summary>Disconnect reports queued or in flight (a stopping gateway waits for them).</summary>
    public int DisconnectReportsPending => Volatile.Read(ref _disconnectReportsPending);

    /// <summary>Tells the grain the connection is gone; best effort (the grain also times out silence). Never throws.</summary>
    public async Task Disconnected(Guid uid, Guid connectionId)
    {
        if (_disconnectsIgnored)
        {
            return;
        }
        Interlocked.Increment(ref _disconnectReportsPending);
        await _disconnectSlots.WaitAsync();
        try
        {
            await grains.Get<IAgentGrain>(uid).Disconnected(connectionId);
        }
        catch (Exception e)
        {
            LogDisconnectNotDelivered(logger, uid, e);
        }
        finally
        {
            _disconnectSlots.Release();
            Interlocked.Decrement(ref _disconnectReportsPending);
        }
    }

    private static RoutedReply Unauthorized(ByteString instanceUid, string message) =>
        new(AgentReplies.Error(instanceUid, ServerErrorResponseType.BadRequest, message).ToByteArray(), RouteOutcome.Unauthorized);

    public static RoutedReply BadRequest(ByteString instanceUid, string message) =>
        new(AgentReplies.Error(instanceUid, ServerErrorResponseType.BadRequest, message).ToByteArray(), RouteOutcome.BadRequest);
}
