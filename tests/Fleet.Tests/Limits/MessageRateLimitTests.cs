using System.Net.WebSockets;
using System.Text.Json;
using Fleet.Client;
using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Limits;

/// <summary>Two messages per second per WebSocket, three saved up; more than five refusals in ten seconds closes the socket.</summary>
public sealed class MessageRateGatewayFixture : GatewayFixture
{
    protected override IEnumerable<string> Settings =>
    [
        "--Fleet:Gateway:Limits:WebSocketMessagesPerSecond=2",
        "--Fleet:Gateway:Limits:WebSocketMessageBurst=3",
        "--Fleet:Gateway:Limits:WebSocketRefusalsBeforeClose=5",
        "--Fleet:Gateway:Limits:WebSocketRefusalWindow=00:00:10",
    ];
}

public class MessageRateLimitTests(MessageRateGatewayFixture gateway) : IClassFixture<MessageRateGatewayFixture>
{
    private static AgentToServer Status(Guid uid, ulong seq, string status) =>
        new(Messages.Next(uid, seq)) { Health = new ComponentHealth { Healthy = false, Status = status } };

    [Fact]
    public async Task Messages_OverConnectionRate_UnavailableWithRetryInfoNotRoutedSocketOpen()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid, "steady"));
        Assert.Null((await socket.Receive()).ErrorResponse);

        ServerToAgent? refusal = null;
        for (ulong seq = 2; refusal is null; seq++)
        {
            Assert.True(seq < 20, "the connection's message rate was never enforced");
            await socket.Send(Status(uid, seq, $"status {seq}"));
            var reply = await socket.Receive();
            refusal = reply.ErrorResponse is null ? null : reply;
        }

        Assert.Equal(ServerErrorResponseType.Unavailable, refusal.ErrorResponse.Type);
        Assert.Equal(InstanceUid.ToByteString(uid), refusal.InstanceUid);
        var retryAfter = TimeSpan.FromTicks((long)refusal.ErrorResponse.RetryInfo.RetryAfterNanoseconds / 100);
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Equal(WebSocketState.Open, socket.Socket.State);

        await Task.Delay(retryAfter);
        await socket.Send(Messages.Next(uid, 100));
        Assert.Null((await socket.Receive()).ErrorResponse);
    }

    [Fact]
    public async Task Messages_RefusedThenAccepted_GapAsksFullStateAndLatestStateKept()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid, "bursty"));
        Assert.Null((await socket.Receive()).ErrorResponse);

        // Status changes faster than allowed: some get through, the rest are refused and never reach the grain.
        ulong seq = 1;
        var refused = 0;
        TimeSpan retryAfter = default;
        while (refused < 2)
        {
            Assert.True(++seq < 20, "the connection's message rate was never enforced");
            await socket.Send(Status(uid, seq, $"status {seq}"));
            if ((await socket.Receive()).ErrorResponse is { Type: ServerErrorResponseType.Unavailable } error)
            {
                refused++;
                retryAfter = TimeSpan.FromTicks((long)error.RetryInfo.RetryAfterNanoseconds / 100);
            }
        }

        await Task.Delay(retryAfter);
        await socket.Send(Messages.Next(uid, ++seq));
        var afterGap = await socket.Receive();

        Assert.Null(afterGap.ErrorResponse);
        Assert.Equal((ulong)ServerToAgentFlags.ReportFullState, afterGap.Flags & (ulong)ServerToAgentFlags.ReportFullState);

        var fullState = Messages.First(uid, "bursty");
        fullState.SequenceNum = ++seq;
        fullState.Health = new ComponentHealth { Healthy = false, Status = "latest" };
        await socket.Send(fullState);
        Assert.Null((await socket.Receive()).ErrorResponse);
        var agent = await gateway.AgentWhen(uid, a => a.GetProperty("health").GetProperty("status").GetString() == "latest", "the full state after the refusals is what the API shows");
        Assert.Equal(JsonValueKind.False, agent.GetProperty("healthy").ValueKind);
    }

    [Fact]
    public async Task FleetClient_StatusChangesRefused_RetriesAfterRetryInfoAndLatestStateArrives()
    {
        // Heartbeats far off: only the client's retry after UNAVAILABLE can bring the last change in time.
        await using var client = new OpAmpClient(new OpAmpClientOptions
        {
            Endpoint = gateway.WebSocketEndpoint,
            Description = Infrastructure.Agents.Description("retrying"),
            HeartbeatInterval = TimeSpan.FromMinutes(10),
            FollowHeartbeatOffers = false,
        });
        var refusals = 0;
        client.MessageReceived += m => Interlocked.Add(ref refusals, m.ErrorResponse?.Type == ServerErrorResponseType.Unavailable ? 1 : 0);
        await client.StartAsync(CancellationToken.None);
        await gateway.AgentWhen(client.InstanceUid, _ => true, "the agent is known");

        for (var change = 1; change <= 5; change++)
        {
            client.Status.Health = new ComponentHealth { Healthy = false, Status = $"change {change}" };
            client.RequestSend();
            await Task.Delay(20);
        }

        await gateway.AgentWhen(client.InstanceUid, a => a.GetProperty("health").GetProperty("status").GetString() == "change 5",
            "the last change, refused at first, arrives with the retry", TimeSpan.FromSeconds(10));
        Assert.True(Volatile.Read(ref refusals) > 0, "the changes were never refused, so the retry was not exercised");
    }

    [Fact]
    public async Task Messages_KeepFlooding_Closed1008AndCounted()
    {
        using var refusals = new GatewayMeter(gateway.Services);
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid, "flood"));
        await socket.Receive();

        var unavailable = 0;
        for (ulong seq = 2; seq < 50; seq++)
        {
            await socket.Send(Messages.Next(uid, seq));
            var frame = await socket.ReceiveFrame();
            if (frame is null)
            {
                break;
            }
            if (ServerToAgent.Parser.ParseFrom(frame.AsSpan(1)).ErrorResponse is { Type: ServerErrorResponseType.Unavailable })
            {
                unavailable++;
            }
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.Socket.CloseStatus);
        Assert.Equal(5, unavailable);
        Assert.Equal(5, refusals.Sum("fleet.gateway.refused", "reason=message_rate"));
        Assert.Equal(1, refusals.Sum("fleet.gateway.refused", "reason=message_flood"));
        var scrape = await gateway.Api.GetStringAsync("/metrics");
        Assert.Contains("reason=\"message_rate\"", scrape);
        Assert.Contains("reason=\"message_flood\"", scrape);
    }
}
