using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fleet.Contracts.Agents;
using Fleet.Contracts.OpAmp;
using Fleet.Tests.Infrastructure;
using Google.Protobuf;

namespace Fleet.Tests.Observability;

/// <summary>The built gateway with Fleet:Logging:Format=json, agent-message lines at Information.</summary>
public sealed class JsonLogGateway : IAsyncLifetime
{
    public GatewayProcess Process { get; private set; } = null!;

    public async Task InitializeAsync() => Process = await GatewayProcess.Start(
        "--Fleet:Logging:Format=json",
        "--Logging:LogLevel:Default=Information",
        // Request lines too: they must not carry headers.
        "--Logging:LogLevel:Microsoft.AspNetCore=Information",
        "--Logging:LogLevel:Orleans=Warning");

    public async Task DisposeAsync() => await Process.DisposeAsync();
}

public partial class JsonLogsTests(JsonLogGateway gateway) : IClassFixture<JsonLogGateway>
{
    private const string Secret = "s3cr3t-token-4f1c9a";
    private static readonly byte[] Malformed = [0x00, 0x0A, 0xFF, 0xFF];

    private static List<JsonElement> Parse(IEnumerable<string> stdout) =>
        [.. stdout.Select(line => JsonDocument.Parse(line).RootElement)];

    /// <summary>A field of the line: a message parameter (State) or a scope's (Scopes[], where the trace ids are).</summary>
    private static string? Field(JsonElement line, string name)
    {
        if (line.TryGetProperty("State", out var state) && state.ValueKind == JsonValueKind.Object && state.TryGetProperty(name, out var value))
        {
            return value.ToString();
        }
        if (line.TryGetProperty("Scopes", out var scopes))
        {
            foreach (var scope in scopes.EnumerateArray())
            {
                if (scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty(name, out var scoped))
                {
                    return scoped.ToString();
                }
            }
        }
        return null;
    }

    private static bool IsAbout(JsonElement line, Guid uid) => Guid.TryParse(Field(line, "AgentUid"), out var logged) && logged == uid;

    [Fact]
    public async Task JsonFormat_AgentMessages_LinesCarryAgentUidAndPerMessageTraceIds()
    {
        var uid = Guid.CreateVersion7();
        await using var socket = await RawWebSocket.Connect(gateway.Process.WebSocketEndpoint);
        var first = Messages.First(uid, "json-logs");
        first.Flags = (ulong)AgentToServerFlags.RequestInstanceUid;
        await socket.Send(first);
        var assigned = new Guid((await socket.Receive()).AgentIdentification.NewInstanceUid.Span, bigEndian: true);
        await socket.Send(Malformed);
        await socket.Receive();
        await socket.Send(Malformed);
        await socket.Receive();

        List<JsonElement> lines = [];
        await Eventually.True(() =>
        {
            lines = Parse(gateway.Process.Stdout);
            return Task.FromResult(lines.Count(l => IsAbout(l, assigned)) >= 2 && lines.Any(l => IsAbout(l, uid)));
        }, "the grain's and the router's lines about the agent are written");

        // The grain's line (instance uid assigned), in the silo: the agent message's trace continued there.
        var grainLine = Assert.Single(lines, l => IsAbout(l, uid) && l.GetProperty("Category").GetString() == "Fleet.Grains.Agents.AgentGrain");
        Assert.Equal(assigned, Guid.Parse(Field(grainLine, "NewInstanceUid")!));
        // The router's lines (malformed messages), one trace per message although one WebSocket carried them all.
        var routerLines = lines.Where(l => IsAbout(l, assigned) && l.GetProperty("Category").GetString() == "Fleet.Gateway.Transport.AgentMessageRouter").ToList();
        Assert.Equal(2, routerLines.Count);
        string[] traces = [.. new[] { grainLine }.Concat(routerLines).Select(l => Field(l, "TraceId") ?? "")];
        Assert.All(traces, trace => Assert.Matches(TraceId(), trace));
        Assert.Equal(3, traces.Distinct().Count());
        Assert.All(lines, line => Assert.EndsWith("Z", line.GetProperty("Timestamp").GetString()));
    }

    [Fact]
    public async Task JsonFormat_RequestsWithCredentials_CredentialsNeverLogged()
    {
        var uid = Guid.CreateVersion7();
        using var http = new HttpClient();
        using var post = new HttpRequestMessage(HttpMethod.Post, gateway.Process.HttpEndpoint) { Content = new ByteArrayContent(Messages.First(uid, "credentials").ToByteArray()) };
        post.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        post.Headers.Add("X-Api-Key", Secret);
        (await http.SendAsync(post)).EnsureSuccessStatusCode();
        using var api = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Process.Api.BaseAddress!, $"/api/agents/{uid}"));
        api.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        (await http.SendAsync(api)).EnsureSuccessStatusCode();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + Secret);
        await socket.ConnectAsync(gateway.Process.WebSocketEndpoint, CancellationToken.None);
        await socket.SendAsync((byte[])[0x00, .. Messages.Next(uid, 2).ToByteArray()], WebSocketMessageType.Binary, true, CancellationToken.None);
        await socket.ReceiveAsync(new byte[4096], CancellationToken.None);
        await socket.SendAsync(Malformed, WebSocketMessageType.Binary, true, CancellationToken.None);
        await socket.ReceiveAsync(new byte[4096], CancellationToken.None);

        // The request lines (Microsoft.AspNetCore at Information here) are written once the requests end.
        await Eventually.True(() => Task.FromResult(Parse(gateway.Process.Stdout).Count(l => IsAbout(l, uid)) >= 1
            && gateway.Process.Stdout.Count(l => l.Contains($"/api/agents/{uid}", StringComparison.Ordinal)) >= 2),
            "the requests are logged");
        Assert.DoesNotContain(gateway.Process.Stdout, line => line.Contains(Secret, StringComparison.Ordinal));
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceId();
}
