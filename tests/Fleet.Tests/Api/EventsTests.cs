using System.Text.Json;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Api;

public class EventsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Events_AgentConnectsChangesAndLeaves_StreamedInOrder()
    {
        using var stream = new HttpClient { BaseAddress = gateway.Api.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await stream.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("event: ready", await reader.ReadLineAsync());

        var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, "evented");
        await gateway.AgentWhen(client.InstanceUid, a => a.Connected(), "connected");
        (await gateway.SetConfig(client.InstanceUid, "e.yaml", "e: 1\n")).EnsureSuccessStatusCode();
        await client.DisconnectAsync(CancellationToken.None);
        await client.DisposeAsync();

        var kinds = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        string? eventType = null;
        while (!kinds.Contains("disconnected"))
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("stream ended");
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventType = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventType == "agent")
            {
                var data = JsonDocument.Parse(line[6..]).RootElement;
                if (data.GetProperty("agent").GetProperty("instanceUid").GetString() == client.InstanceUid.ToString())
                {
                    kinds.Add(data.GetProperty("kind").GetString()!);
                }
            }
        }

        Assert.Equal("added", kinds[0]);
        Assert.Contains("changed", kinds); // the desired config hash
        Assert.Equal("disconnected", kinds[^1]);
    }
}
