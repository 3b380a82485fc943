using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Security.Agents;

/// <summary>A gateway that requires agent credentials, with one enrollment token from configuration.</summary>
public sealed class SecuredGatewayFixture : GatewayFixture
{
    public const string EnrollmentToken = "fleet_et_configured-for-tests";

    protected override IEnumerable<string> Settings =>
    [
        "--Fleet:Security:Agents:Required=true",
        $"--Fleet:Security:Agents:EnrollmentTokens:0={EnrollmentToken}",
        "--Fleet:Security:Agents:RefreshInterval=00:00:01",
    ];
}
