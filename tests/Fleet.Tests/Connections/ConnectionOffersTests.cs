using Fleet.Contracts.OpAmp;
using Fleet.Grains.Connections;

namespace Fleet.Tests.Connections;

public class ConnectionOffersTests
{
    private static string? Authorization(ConnectionSettingsOffers? offers) =>
        offers?.Opamp?.Headers?.Headers_.SingleOrDefault(h => h.Key == ConnectionOffers.AuthorizationHeader)?.Value;

    [Fact]
    public void WithCredential_NoOffers_OpAmpAuthorizationHeader()
    {
        var offers = ConnectionOffers.WithCredential(null, "fleet_ac_x");

        Assert.Equal("Bearer fleet_ac_x", Authorization(offers));
    }

    [Fact]
    public void WithCredential_AlreadyCarried_Null()
    {
        var offers = ConnectionOffers.WithHash(ConnectionOffers.WithCredential(null, "fleet_ac_x")!);

        Assert.Null(ConnectionOffers.WithCredential(offers, "fleet_ac_x"));
        Assert.Equal("Bearer fleet_ac_y", Authorization(ConnectionOffers.WithCredential(offers, "fleet_ac_y")));
    }

    [Fact]
    public void WithCredential_OperatorSettings_KeptBesideTheHeader()
    {
        var current = new ConnectionSettingsOffers { Opamp = new OpAMPConnectionSettings { DestinationEndpoint = "wss://elsewhere/v1/opamp", Headers = new Headers() } };
        current.Opamp.Headers.Headers_.Add(new Header { Key = "X-Tenant", Value = "blue" });

        var offers = ConnectionOffers.WithCredential(current, "fleet_ac_x")!;

        Assert.Equal("wss://elsewhere/v1/opamp", offers.Opamp.DestinationEndpoint);
        Assert.Equal(["X-Tenant", "Authorization"], offers.Opamp.Headers.Headers_.Select(h => h.Key));
    }

    [Fact]
    public void KeepCredential_OperatorSettingsWithoutAuthorization_CredentialCarriedOver()
    {
        var current = ConnectionOffers.WithCredential(null, "fleet_ac_x");
        var requested = new ConnectionSettingsOffers { OwnMetrics = new TelemetryConnectionSettings { DestinationEndpoint = "http://metrics" } };

        ConnectionOffers.KeepCredential(requested, current);

        Assert.Equal("Bearer fleet_ac_x", Authorization(requested));
    }

    [Fact]
    public void KeepCredential_OperatorSetsAuthorization_OperatorWins()
    {
        var current = ConnectionOffers.WithCredential(null, "fleet_ac_x");
        var requested = new ConnectionSettingsOffers { Opamp = new OpAMPConnectionSettings { Headers = new Headers() } };
        requested.Opamp.Headers.Headers_.Add(new Header { Key = "authorization", Value = "Bearer operator" });

        ConnectionOffers.KeepCredential(requested, current);

        Assert.Equal(["Bearer operator"], requested.Opamp.Headers.Headers_.Select(h => h.Value));
    }

    [Fact]
    public void KeepCredential_OperatorHeaderLeftOut_Removed()
    {
        // An Authorization header an operator set earlier is the operator's: new settings without it drop it.
        var current = new ConnectionSettingsOffers { Opamp = new OpAMPConnectionSettings { Headers = new Headers() } };
        current.Opamp.Headers.Headers_.Add(new Header { Key = "Authorization", Value = "Bearer abc" });
        var requested = new ConnectionSettingsOffers { OwnMetrics = new TelemetryConnectionSettings { DestinationEndpoint = "http://metrics" } };

        ConnectionOffers.KeepCredential(requested, current);

        Assert.Null(requested.Opamp);
    }

    [Fact]
    public void ForCapabilities_HeartbeatOnlyAgent_GetsJustTheInterval()
    {
        var offers = new ConnectionSettingsOffers
        {
            Opamp = new OpAMPConnectionSettings { DestinationEndpoint = "wss://elsewhere", HeartbeatIntervalSeconds = 30 },
            OwnLogs = new TelemetryConnectionSettings { DestinationEndpoint = "http://logs" },
        };

        var cut = ConnectionOffers.ForCapabilities(offers, (ulong)(AgentCapabilities.ReportsStatus | AgentCapabilities.ReportsHeartbeat));

        Assert.Equal(new OpAMPConnectionSettings { HeartbeatIntervalSeconds = 30 }, cut.Opamp);
        Assert.Null(cut.OwnLogs);
        Assert.Equal("wss://elsewhere", offers.Opamp.DestinationEndpoint); // the input is left as it was
    }

    [Fact]
    public void ForCapabilities_EveryClassDeclared_Unchanged()
    {
        var offers = new ConnectionSettingsOffers
        {
            Opamp = new OpAMPConnectionSettings { DestinationEndpoint = "wss://elsewhere" },
            OwnMetrics = new TelemetryConnectionSettings { DestinationEndpoint = "http://m" },
            OwnTraces = new TelemetryConnectionSettings { DestinationEndpoint = "http://t" },
            OwnLogs = new TelemetryConnectionSettings { DestinationEndpoint = "http://l" },
        };
        offers.OtherConnections["x"] = new OtherConnectionSettings { DestinationEndpoint = "http://x" };
        var all = (ulong)(AgentCapabilities.AcceptsOpAmpconnectionSettings | AgentCapabilities.ReportsOwnMetrics | AgentCapabilities.ReportsOwnTraces
            | AgentCapabilities.ReportsOwnLogs | AgentCapabilities.AcceptsOtherConnectionSettings);

        Assert.Equal(offers, ConnectionOffers.ForCapabilities(offers, all));
    }

    [Fact]
    public void Owed_HeartbeatOnlyAgentOfferedItsInterval_True()
    {
        var status = new AgentToServer { Capabilities = (ulong)(AgentCapabilities.ReportsStatus | AgentCapabilities.ReportsHeartbeat) };
        var offers = ConnectionOffers.WithHash(ConnectionOffers.ForCapabilities(
            new ConnectionSettingsOffers { Opamp = new OpAMPConnectionSettings { DestinationEndpoint = "wss://elsewhere", HeartbeatIntervalSeconds = 15 } }, status.Capabilities));

        Assert.True(ConnectionOffers.Owed(status, offers, sentOnConnection: null));
        Assert.False(ConnectionOffers.Owed(status, offers, sentOnConnection: offers.Hash));
    }
}
