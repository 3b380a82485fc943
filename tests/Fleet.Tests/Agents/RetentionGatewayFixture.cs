using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Agents;

/// <summary>The test gateway forgetting offline agents 8 s after they were last heard from (offline window 3 s).</summary>
public sealed class RetentionGatewayFixture : GatewayFixture
{
    public static readonly TimeSpan Retention = TimeSpan.FromSeconds(8);

    protected override IEnumerable<string> Settings => [$"--Fleet:Agents:ForgetOfflineAfter={Retention}"];
}
