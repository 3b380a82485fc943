using System.Net.WebSockets;
using System.Text.Json;
using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Gateway.Transport;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Transport;

public class WebSocketTransportTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Connect_FirstMessage_AgentKnownToGrainAndListedConnected()
    {
        await using var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, "ws-connect");

        var agent = await gateway.AgentWhen(client.InstanceUid, a => a.GetProperty("connected").GetBoolean(), "the agent is listed as connected");

        Assert.Equal("ws-connect", agent.GetProperty("identifyingAttributes").GetProperty("service.name").GetString());
        Assert.Equal("webSocket", agent.GetProperty("transport").GetString());
        Assert.Equal("linux", agent.GetProperty("nonIdentifyingAttributes").GetProperty("os.type").GetString());
    }

    [Fact]
    public async Task Reply_Always_StartsWithZeroHeaderAndEchoesUid()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid));

        var frame = await socket.ReceiveFrame();

        Assert.NotNull(frame);
        Assert.Equal(0, frame[0]);
        var reply = ServerToAgent.Parser.ParseFrom(frame.AsSpan(1));
        Assert.Equal(InstanceUid.ToByteString(uid), reply.InstanceUid);
        Assert.NotEqual(0ul, reply.Capabilities);
        Assert.Null(reply.ErrorResponse);
    }

    [Fact]
    public async Task Receive_LegacyFrameWithoutHeader_Accepted()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid, "legacy").ToByteArray());

        var reply = await socket.Receive();

        Assert.Null(reply.ErrorResponse);
        await gateway.AgentWhen(uid, a => a.GetProperty("connected").GetBoolean(), "the legacy agent is known");
    }

    [Fact]
    public async Task Receive_NonZeroHeader_BadRequestAndNothingStored()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send([0x01, .. Messages.First(uid).ToByteArray()]);

        var reply = await socket.Receive();

        Assert.Equal(ServerErrorResponseType.BadRequest, reply.ErrorResponse.Type);
        Assert.Contains("header", reply.ErrorResponse.ErrorMessage);
        Assert.Null(await gateway.Agent(uid));
    }

    [Fact]
    public async Task Receive_TextFrame_ClosedWithInvalidMessageType()
    {
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send("hello"u8.ToArray(), WebSocketMessageType.Text);

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, await socket.ReceiveClose());
    }

    [Fact]
    public async Task Receive_OversizeMessage_ClosedWith1009()
    {
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(new byte[GatewayFixture.MaxMessageBytes + 10]);

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await socket.ReceiveClose());
    }

    [Fact]
    public async Task Receive_MalformedProtobuf_BadRequestAndConnectionStillServes()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send([0x00, 0x0A, 0xFF, 0xFF]);

        var error = await socket.Receive();
        Assert.Equal(ServerErrorResponseType.BadRequest, error.ErrorResponse.Type);

        await socket.Send(Messages.First(uid));
        var reply = await socket.Receive();
        Assert.Null(reply.ErrorResponse);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    public async Task Receive_InstanceUidNot16Bytes_BadRequest(int length)
    {
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(new AgentToServer { InstanceUid = ByteString.CopyFrom(new byte[length]), Capabilities = 1 });

        var reply = await socket.Receive();

        Assert.Equal(ServerErrorResponseType.BadRequest, reply.ErrorResponse.Type);
        Assert.Contains("16 bytes", reply.ErrorResponse.ErrorMessage);
    }

    [Fact]
    public async Task Receive_OtherAgentsUidOnBoundConnection_RejectedAndOtherAgentUntouched()
    {
        await using var victim = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, "victim");
        await gateway.AgentWhen(victim.InstanceUid, a => a.GetProperty("connected").GetBoolean(), "the victim is connected");

        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid, "intruder"));
        await socket.Receive();
        var spoof = Messages.First(victim.InstanceUid, "spoofed");
        spoof.Health = new ComponentHealth { Healthy = false };
        await socket.Send(spoof);

        var reply = await socket.Receive();

        Assert.Equal(ServerErrorResponseType.BadRequest, reply.ErrorResponse.Type);
        var victimView = await gateway.Agent(victim.InstanceUid);
        Assert.Equal("victim", victimView!.Value.GetProperty("identifyingAttributes").GetProperty("service.name").GetString());
        Assert.True(victimView.Value.GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task SetConfig_ConnectedAgent_PushedAtOnceAndAppliedVisibleInApi()
    {
        var received = new TaskCompletionSource<AgentRemoteConfig>(TaskCreationOptions.RunContinuationsAsynchronously);
        // A long heartbeat: only a server push can deliver the config quickly.
        await using var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, "ws-config",
            c => c.MessageReceived += m => { if (m.RemoteConfig is { } rc) { received.TrySetResult(rc); } },
            heartbeat: TimeSpan.FromMinutes(5));
        await gateway.AgentWhen(client.InstanceUid, a => a.GetProperty("connected").GetBoolean(), "connected");

        var response = await gateway.SetConfig(client.InstanceUid, "collector.yaml", "receivers:\n  otlp: {}\n");
        response.EnsureSuccessStatusCode();
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("pushed", body.GetProperty("delivery").GetString());

        var config = await received.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("receivers:\n  otlp: {}\n", config.Config.ConfigMap["collector.yaml"].Body.ToStringUtf8());
        var hash = body.GetProperty("configHash").GetString();
        Assert.Equal(hash, Convert.ToHexStringLower(config.ConfigHash.Span));

        var agent = await gateway.AgentWhen(client.InstanceUid,
            a => a.RemoteConfigStatus() == "APPLIED",
            "the agent reports APPLIED");
        Assert.Equal(hash, agent.GetProperty("remoteConfigStatus").GetProperty("hash").GetString());
        Assert.Equal(hash, agent.GetProperty("desiredConfigHash").GetString());
        Assert.Equal("receivers:\n  otlp: {}\n", agent.GetProperty("effectiveConfig").GetProperty("collector.yaml").GetProperty("body").GetString());
    }

    [Fact]
    public async Task Close_AgentClosesSocket_HandshakeAnsweredAndAgentDisconnected()
    {
        var uid = Guid.CreateVersion7();
        var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid));
        await socket.Receive();
        await gateway.AgentWhen(uid, a => a.GetProperty("connected").GetBoolean(), "connected");

        await socket.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", new CancellationTokenSource(5000).Token);

        Assert.Equal(WebSocketState.Closed, socket.Socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.Socket.CloseStatus);
        await gateway.AgentWhen(uid, a => !a.GetProperty("connected").GetBoolean(), "the agent is marked disconnected");
        await socket.DisposeAsync();
    }

    [Fact]
    public async Task AgentDisconnect_Sent_AgentMarkedDisconnected()
    {
        var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, "leaving");
        await gateway.AgentWhen(client.InstanceUid, a => a.GetProperty("connected").GetBoolean(), "connected");

        await client.DisconnectAsync(CancellationToken.None);

        await gateway.AgentWhen(client.InstanceUid, a => !a.GetProperty("connected").GetBoolean(), "disconnected after AgentDisconnect");
        await client.DisposeAsync();
    }

    [Fact]
    public async Task RequestInstanceUid_Flag_NewUidAssignedAndAgentContinuesUnderIt()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        var first = Messages.First(uid, "renamed");
        first.Flags = (ulong)AgentToServerFlags.RequestInstanceUid;
        await socket.Send(first);

        var reply = await socket.Receive();
        Assert.Equal(16, reply.AgentIdentification.NewInstanceUid.Length);
        var newUid = new Guid(reply.AgentIdentification.NewInstanceUid.Span, bigEndian: true);
        Assert.NotEqual(uid, newUid);

        await socket.Send(Messages.Next(newUid, 2));
        var next = await socket.Receive();
        Assert.Null(next.ErrorResponse);
        // The new grain knows nothing yet: it asks for the full state.
        Assert.Equal((ulong)ServerToAgentFlags.ReportFullState, next.Flags & (ulong)ServerToAgentFlags.ReportFullState);
        await socket.Send(Messages.First(newUid, "renamed"));
        await socket.Receive();
        await gateway.AgentWhen(newUid, a => a.GetProperty("connected").GetBoolean(), "the agent is known under its new uid");
        Assert.Null(await gateway.Agent(uid));
    }

    [Fact]
    public async Task Heartbeat_AgentReportsHeartbeat_IntervalOffered()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid, capabilities: Messages.Caps | (ulong)AgentCapabilities.ReportsHeartbeat));

        var reply = await socket.Receive();

        Assert.Equal(1ul, reply.ConnectionSettings.Opamp.HeartbeatIntervalSeconds);
        Assert.True((reply.Capabilities & (ulong)ServerCapabilities.OffersConnectionSettings) != 0);
    }

    [Fact]
    public async Task Heartbeat_AgentWithoutCapability_NoOffer()
    {
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(Guid.CreateVersion7()));

        var reply = await socket.Receive();

        Assert.Null(reply.ConnectionSettings);
    }

    [Fact]
    public async Task StatusCompression_HealthOnlyMessage_MergedIntoKnownStatus()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid, "compressed"));
        await socket.Receive();
        var update = Messages.Next(uid, 2);
        update.Health = new ComponentHealth { Healthy = false, LastError = "exporter down" };
        await socket.Send(update);

        var reply = await socket.Receive();

        Assert.Equal(0ul, reply.Flags & (ulong)ServerToAgentFlags.ReportFullState);
        var agent = await gateway.AgentWhen(uid, a => a.GetProperty("healthy").ValueKind == JsonValueKind.False, "the health update is merged");
        Assert.Equal("compressed", agent.GetProperty("identifyingAttributes").GetProperty("service.name").GetString());
        Assert.Equal("exporter down", agent.GetProperty("health").GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task SequenceGap_Detected_ReportFullStateRequested()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid));
        var first = await socket.Receive();
        Assert.Equal(0ul, first.Flags);

        await socket.Send(Messages.Next(uid, 5));
        var reply = await socket.Receive();

        Assert.Equal((ulong)ServerToAgentFlags.ReportFullState, reply.Flags & (ulong)ServerToAgentFlags.ReportFullState);
    }

    [Fact]
    public async Task SequenceGap_DescriptionOnly_ReportFullStateRequested()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await socket.Send(Messages.First(uid));
        await socket.Receive();

        // The lost messages 2–8 may have changed health; a description does not stand in for them.
        var gap = Messages.Next(uid, 9);
        gap.AgentDescription = Infrastructure.Agents.Description("raw-agent");
        await socket.Send(gap);
        var reply = await socket.Receive();

        Assert.Equal((ulong)ServerToAgentFlags.ReportFullState, reply.Flags & (ulong)ServerToAgentFlags.ReportFullState);
    }

    [Fact]
    public async Task Reconnect_CompressedFirstMessage_ReportFullStateRequested()
    {
        var uid = Guid.CreateVersion7();
        await using (var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint))
        {
            await socket.Send(Messages.First(uid));
            await socket.Receive();
        }
        await using var again = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await again.Send(Messages.Next(uid, 2));

        var reply = await again.Receive();

        Assert.Equal((ulong)ServerToAgentFlags.ReportFullState, reply.Flags & (ulong)ServerToAgentFlags.ReportFullState);
    }

    [Fact]
    public async Task StaleConnection_OlderSocketSpeaksAfterNewer_ClosedAndStateKept()
    {
        var uid = Guid.CreateVersion7();
        await using var older = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await older.Send(Messages.First(uid, "current"));
        await older.Receive();
        await Task.Delay(5); // connection ids are time-ordered to the millisecond
        await using var newer = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await newer.Send(Messages.First(uid, "current"));
        await newer.Receive();

        var late = Messages.Next(uid, 2);
        late.AgentDescription = Infrastructure.Agents.Description("stale-write");
        await older.Send(late);

        var reply = await older.Receive();
        Assert.Equal(ServerErrorResponseType.Unavailable, reply.ErrorResponse.Type);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await older.ReceiveClose());
        var agent = await gateway.Agent(uid);
        Assert.Equal("current", agent!.Value.GetProperty("identifyingAttributes").GetProperty("service.name").GetString());
        Assert.True(agent.Value.GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task DuplicateAgents_OlderSocketSpeaksAgain_GivenNewInstanceUidAndBothListed()
    {
        var uid = Guid.CreateVersion7();
        await using var a1 = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await a1.Send(Messages.First(uid, "clone-a"));
        await a1.Receive();
        await Task.Delay(5);
        await using var b = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await b.Send(Messages.First(uid, "clone-b"));
        await b.Receive();

        // A's socket is the older: closed the first time (a reconnecting agent's late message looks the same).
        await a1.Send(Messages.Next(uid, 2));
        Assert.Equal(ServerErrorResponseType.Unavailable, (await a1.Receive()).ErrorResponse.Type);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await a1.ReceiveClose());

        // A comes back, now the newest; B speaks on what is now the older socket: two live agents.
        await Task.Delay(5);
        await using var a2 = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        await a2.Send(Messages.First(uid, "clone-a"));
        await a2.Receive();
        await b.Send(Messages.Next(uid, 2));
        var rename = await b.Receive();

        Assert.Null(rename.ErrorResponse);
        Assert.Equal(16, rename.AgentIdentification.NewInstanceUid.Length);
        Assert.True(InstanceUid.TryParse(rename.AgentIdentification.NewInstanceUid, out var renamed));
        Assert.NotEqual(uid, renamed);

        // B carries on under its new uid on the same socket; A keeps the old one.
        await b.Send(Messages.First(renamed, "clone-b"));
        var reply = await b.Receive();
        Assert.Null(reply.ErrorResponse);
        Assert.Equal("clone-b", (await gateway.AgentWhen(renamed, a => a.Connected(), "B listed under its new uid")).GetProperty("identifyingAttributes").GetProperty("service.name").GetString());
        var kept = await gateway.Agent(uid);
        Assert.Equal("clone-a", kept!.Value.GetProperty("identifyingAttributes").GetProperty("service.name").GetString());
        Assert.True(kept.Value.GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task CustomCapabilities_AgentDeclares_ServerDeclaresTheSameOnce()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.WebSocketEndpoint);
        var first = Messages.First(uid, "custom");
        first.CustomCapabilities = new CustomCapabilities { Capabilities = { "io.opentelemetry.pprof", "com.example.ping/v2" } };
        await socket.Send(first);

        var reply = await socket.Receive();
        Assert.Equal(["io.opentelemetry.pprof", "com.example.ping/v2"], reply.CustomCapabilities.Capabilities);

        // Said once: a message that does not declare them again gets no list back.
        await socket.Send(Messages.Next(uid, 2));
        Assert.Null((await socket.Receive()).CustomCapabilities);
    }

    [Fact]
    public async Task DeadConnection_HeartbeatingPeerGoesSilent_ListedOfflineAndSocketClosed()
    {
        var uid = Guid.CreateVersion7();
        // Promises heartbeats (every second here), then sends nothing more.
        using var silent = await SilentWebSocketPeer.Open(gateway.OpAmpPort,
            Messages.First(uid, "silent", Messages.Caps | (ulong)AgentCapabilities.ReportsHeartbeat));
        await gateway.AgentWhen(uid, a => a.GetProperty("connected").GetBoolean(), "the silent agent connected");

        await gateway.AgentWhen(uid, a => !a.GetProperty("connected").GetBoolean(), "the silence is noticed", TimeSpan.FromSeconds(20));
        var frames = await silent.Frames(TimeSpan.FromSeconds(10));

        Assert.Equal(0x8, frames.LastOrDefault()); // the gateway closed the socket, saying why
    }

    [Fact]
    public async Task Disconnected_MoreAgentsDropAtOnceThanReportsInFlight_AllListedDisconnected()
    {
        // More sockets than the gateway reports at once: the queued reports must all arrive.
        var count = AgentMessageRouter.MaxDisconnectReportsInFlight * 3;
        var uids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToList();
        var peers = await Task.WhenAll(uids.Select(uid => SilentWebSocketPeer.Open(gateway.OpAmpPort, Messages.First(uid, "mass-drop"))));
        await Eventually.True(async () => (await Task.WhenAll(uids.Select(gateway.Agent))).All(a => a?.GetProperty("connected").GetBoolean() == true),
            "every agent connected", TimeSpan.FromSeconds(30));

        foreach (var peer in peers)
        {
            peer.Dispose(); // the TCP connection ends without a close frame, as when a network drops
        }

        await Eventually.True(async () => (await Task.WhenAll(uids.Select(gateway.Agent))).All(a => a?.GetProperty("connected").GetBoolean() == false),
            "every agent listed disconnected", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task QuietAgent_ItsGatewayAskedEachWindow_StaysConnected()
    {
        var uid = Guid.CreateVersion7();
        // No heartbeat capability: every 3 s here (the offline window) its grain asks this gateway about its socket.
        using var quiet = await SilentWebSocketPeer.Open(gateway.OpAmpPort, Messages.First(uid, "quiet-probed"));
        await gateway.AgentWhen(uid, a => a.Connected(), "listed connected");

        await Task.Delay(TimeSpan.FromSeconds(7));

        Assert.True((await gateway.Agent(uid))!.Value.Connected(), "the gateway answered that it still holds the socket");
    }

    [Fact]
    public async Task KeepAlive_QuietSocket_GetsUnsolicitedPongsNotPings()
    {
        var uid = Guid.CreateVersion7();
        // No heartbeat capability: silence is allowed, the socket stays.
        using var quiet = await SilentWebSocketPeer.Open(gateway.OpAmpPort, Messages.First(uid, "quiet"));

        // Keep-alive every second here; a generous window, as a loaded box delays timer ticks.
        var frames = await quiet.Frames(TimeSpan.FromSeconds(15), seen => seen.Contains(0x2) && seen.Count(f => f == 0xA) >= 2);

        Assert.Contains(0x2, frames); // the reply to its first message (a pong may come first on a busy box)
        Assert.True(frames.Count(f => f == 0xA) >= 2, $"pongs expected, got opcodes [{string.Join(", ", frames)}]");
        Assert.DoesNotContain(0x9, frames);
        Assert.DoesNotContain(0x8, frames);
    }
}
