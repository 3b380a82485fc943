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
}
