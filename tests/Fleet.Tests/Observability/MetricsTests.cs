using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Observability;

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
        var before = await Scrape();
        Assert.Contains("fleet_gateway_connections", before);

        await using var client = await Infrastructure.Agents.Start(gateway.WebSocketEndpoint, "measured");
        await gateway.AgentWhen(client.InstanceUid, a => a.Connected(), "connected");
        (await gateway.SetConfig(client.InstanceUid, "m.yaml", "m: 1\n")).EnsureSuccessStatusCode();

        string after = "";
        await Eventually.True(async () =>
        {
            after = await Scrape();
            return Value(after, "fleet_gateway_connections", "transport=\"websocket\"") >= Value(before, "fleet_gateway_connections", "transport=\"websocket\"") + 1
                && Value(after, "fleet_gateway_messages_sent_total", "kind=\"push\"") > Value(before, "fleet_gateway_messages_sent_total", "kind=\"push\"");
        }, "the connection gauge and push counter move", TimeSpan.FromSeconds(20));
        Assert.True(Value(after, "fleet_gateway_messages_received_total", "outcome=\"ok\"") > Value(before, "fleet_gateway_messages_received_total", "outcome=\"ok\""));
        Assert.True(Value(after, "fleet_gateway_message_duration_seconds_count") > Value(before, "fleet_gateway_message_duration_seconds_count"));
        Assert.Contains("orleans", after, StringComparison.OrdinalIgnoreCase); // Orleans' own meter is exported too
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
