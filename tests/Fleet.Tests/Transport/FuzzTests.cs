using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;
using Xunit.Abstractions;

namespace Fleet.Tests.Transport;

/// <summary>The fuzzer floods one address and one socket on purpose; the limits have tests of their own (Limits/).</summary>
public sealed class UnlimitedGatewayFixture : GatewayFixture
{
    protected override IEnumerable<string> Settings =>
    [
        "--Fleet:Gateway:Limits:OpAmpRequestsPerSecondPerIp=0",
        "--Fleet:Gateway:Limits:WebSocketMessagesPerSecond=0",
    ];
}

/// <summary>
/// Malformed, truncated, mutated, mis-framed and random inputs at both transports: the gateway keeps
/// serving, answers each per the spec, and no other agent's state moves. CI runs a short version;
/// FLEET_FUZZ_ITERATIONS=100000 runs the long one.
/// </summary>
public class FuzzTests(UnlimitedGatewayFixture gateway, ITestOutputHelper output) : IClassFixture<UnlimitedGatewayFixture>
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("FLEET_FUZZ_ITERATIONS"), out var n) ? n : 1500;

    private static byte[] Input(Random random)
    {
        var valid = Messages.First(Guid.CreateVersion7(), "fuzz-" + random.Next(1000));
        valid.EffectiveConfig = new EffectiveConfig { ConfigMap = new AgentConfigMap { ConfigMap = { ["c"] = new AgentConfigFile { Body = ByteString.CopyFrom(RandomBytes(random, random.Next(0, 200))) } } } };
        var bytes = valid.ToByteArray();
        switch (random.Next(6))
        {
            case 0:
                return RandomBytes(random, random.Next(0, 512));
            case 1:
                return bytes[..random.Next(0, bytes.Length)];
            case 2:
                for (var i = 0; i < 1 + random.Next(8); i++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }
                return bytes;
            case 3:
                return [.. bytes, .. RandomBytes(random, random.Next(1, 64))];
            case 4:
                return new ServerToAgent { InstanceUid = ByteString.CopyFrom(RandomBytes(random, random.Next(0, 20))), Flags = (ulong)random.NextInt64() }.ToByteArray();
            default:
                var wrongUid = valid.Clone();
                wrongUid.InstanceUid = ByteString.CopyFrom(RandomBytes(random, random.Next(0, 40)));
                return wrongUid.ToByteArray();
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Fingerprint(JsonElement agent) => string.Join("|",
        agent.ServiceName(), agent.GetProperty("healthy").ToString(), agent.GetProperty("effectiveConfigHash").ToString(),
        agent.GetProperty("remoteConfigStatus").ToString(), agent.GetProperty("desiredConfigHash").ToString(),
        agent.GetProperty("capabilities").ToString(), agent.GetProperty("nonIdentifyingAttributes").ToString());

    [Fact]
    public async Task Fuzz_BothTransports_NoCrashNoForeignStateChangeMemoryBounded()
    {
        var victimClient = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, "victim");
        await gateway.AgentWhen(victimClient.InstanceUid, a => a.Connected(), "the victim is connected");
        (await gateway.SetConfig(victimClient.InstanceUid, "v.yaml", "v: 1\n")).EnsureSuccessStatusCode();
        var before = Fingerprint(await gateway.AgentWhen(victimClient.InstanceUid, a => a.RemoteConfigStatus() == "APPLIED", "the victim is settled"));
        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var random = new Random(20261125);
        var statuses = new Dictionary<HttpStatusCode, int>();

        for (var i = 0; i < Iterations; i++)
        {
            var content = new ByteArrayContent(Input(random));
            content.Headers.ContentType = new MediaTypeHeaderValue(random.Next(20) == 0 ? "application/octet-stream" : "application/x-protobuf");
            if (random.Next(10) == 0)
            {
                content.Headers.ContentEncoding.Add("gzip"); // claims gzip, is not
            }
            using var response = await gateway.OpAmpHttp.PostAsync("/v1/opamp", content);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.UnsupportedMediaType, HttpStatusCode.RequestEntityTooLarge });
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest)
            {
                ServerToAgent.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()); // always a valid reply
            }
        }

        var closes = new Dictionary<string, int>();
        RawWebSocket? socket = null;
        for (var i = 0; i < Iterations; i++)
        {
            socket ??= await RawWebSocket.Connect(gateway.WebSocketEndpoint);
            var frame = random.Next(4) switch
            {
                0 => Input(random),                                  // legacy framing (or garbage)
                1 => [(byte)random.Next(1, 256), .. Input(random)],  // a header that is not 0
                _ => [0x00, .. Input(random)],
            };
            var type = random.Next(50) == 0 ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
            try
            {
                await socket.Send(frame, type);
                var reply = await socket.ReceiveFrame(TimeSpan.FromSeconds(10));
                if (reply is null)
                {
                    closes[socket.Socket.CloseStatus?.ToString() ?? "none"] = closes.GetValueOrDefault(socket.Socket.CloseStatus?.ToString() ?? "none") + 1;
                    await socket.DisposeAsync();
                    socket = null;
                }
                else
                {
                    Assert.Equal(0, reply[0]);
                    ServerToAgent.Parser.ParseFrom(reply.AsSpan(1));
                }
            }
            catch (WebSocketException)
            {
                closes["aborted"] = closes.GetValueOrDefault("aborted") + 1;
                await socket!.DisposeAsync();
                socket = null;
            }
        }
        if (socket is not null)
        {
            await socket.DisposeAsync();
        }

        output.WriteLine($"{Iterations} HTTP inputs: {string.Join(", ", statuses.Select(kv => $"{(int)kv.Key}×{kv.Value}"))}; {Iterations} WebSocket frames, closes: {string.Join(", ", closes.Select(kv => $"{kv.Key}×{kv.Value}"))}");
        Assert.Equal(HttpStatusCode.OK, (await gateway.Api.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(before, Fingerprint((await gateway.Agent(victimClient.InstanceUid))!.Value));
        GC.Collect();
        var growth = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
        await victimClient.DisposeAsync();
        output.WriteLine($"managed memory growth: {growth / 1024 / 1024} MB");
        Assert.True(growth < 512L * 1024 * 1024, $"memory grew {growth} bytes");
        // Text frames close with 1003, or 1007 when their bytes are not even UTF-8 (checked by the WebSocket layer).
        Assert.True(closes.Keys.All(k => k is "InvalidMessageType" or "InvalidPayloadData" or "MessageTooBig" or "PolicyViolation"), "only the spec's close codes: " + string.Join(",", closes.Keys));
    }
}
