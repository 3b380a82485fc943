using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Observability;

[Collection(ExportedMetricsCollection.Name)]
public partial class MetricsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private async Task<string> Scrape()
    {
        var response = await gateway.Api.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Sum of a metric's samples whose labels contain the given text.</summary>
    private static double Value(string scrape, string metric, string labels = "")
    {
        var total = 0.0;
        foreach (Match m in Sample().Matches(scrape))
        {
            if (m.Groups["name"].Value == metric && m.Groups["labels"].Value.Contains(labels, StringComparison.Ordinal))
            {
                total += double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
        return total;
    }

    [Fact]
    public async Task Metrics_AgentConnectsAndTalks_ConnectionsAndMessagesMove()
    {
        // Values from this gateway's own meter (other test gateways in this process also export "Fleet"
        // instruments through /metrics); the scrape shows that they are exported.
        using var meter = new GatewayMeter(gateway.Services);
        var connectionsBefore = meter.Sum("fleet.gateway.connections", "transport=websocket");

        await using var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, "measured");
        await gateway.AgentWhen(client.InstanceUid, a => a.Connected(), "connected");
        (await gateway.SetConfig(client.InstanceUid, "m.yaml", "m: 1\n")).EnsureSuccessStatusCode();

        await Eventually.True(() => Task.FromResult(
            meter.Sum("fleet.gateway.connections", "transport=websocket") >= connectionsBefore + 1
            && meter.Sum("fleet.gateway.messages.sent", "kind=push") >= 1),
            "the connection gauge and push counter move", TimeSpan.FromSeconds(20));
        Assert.True(meter.Sum("fleet.gateway.messages.received", "outcome=ok") >= 1);
        Assert.True(meter.Sum("fleet.gateway.message.duration") > 0);
        var scrape = await Scrape();
        foreach (var exported in new[] { "fleet_gateway_connections", "fleet_gateway_messages_sent_total", "fleet_gateway_messages_received_total", "fleet_gateway_message_duration_seconds_count" })
        {
            Assert.Contains(exported, scrape);
        }
        Assert.Contains("orleans", scrape, StringComparison.OrdinalIgnoreCase); // Orleans' own meter is exported too
    }

    [Fact]
    public async Task Metrics_BadMessage_CountedAsBadRequest()
    {
        var before = Value(await Scrape(), "fleet_gateway_messages_received_total", "outcome=\"badrequest\"");
        var content = new ByteArrayContent([0x0A, 0xFF]);
        content.Headers.ContentType = new("application/x-protobuf");
        await gateway.OpAmpHttp.PostAsync("/v1/opamp", content);

        await Eventually.True(async () => Value(await Scrape(), "fleet_gateway_messages_received_total", "outcome=\"badrequest\"") > before, "the rejected message is counted", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheApi()
    {
        var document = await gateway.Api.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/agents/{uid}/config", document);
        Assert.Contains("/api/profiles/{name}/versions", document);
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})?\s+(?<value>[-+0-9.eE]+|NaN)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
