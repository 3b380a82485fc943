using Fleet.Tests.Infrastructure;
using Fleet.Tests.Security.Operators;
using Xunit.Abstractions;

namespace Fleet.Tests.Console;

/// <summary>The console on a gateway that requires operators to sign in (runs beside the other console tests).</summary>
public class ConsoleSignInTests(SecuredConsoleFleet fleet, ITestOutputHelper output) : IClassFixture<SecuredConsoleFleet>
{
    [Fact]
    public async Task SignIn_ViewerSeesRedactedAndCannotEdit_OperatorSavesAConfig()
    {
        var marker = $"signed-in-edit-{Guid.NewGuid():N}";

        await ConsoleScript.Run("signin", output,
            "--base", fleet.Base, "--uid", fleet.Agent.InstanceUid.ToString(), "--secret", SecuredConsoleFleet.Secret,
            "--viewer-key", ApiKeyGateway.ViewerKey, "--operator-key", ApiKeyGateway.OperatorKey, "--marker", marker);

        var effective = fleet.Agent.Status.EffectiveConfig!.ConfigMap.ConfigMap["collector.yaml"].Body.ToStringUtf8();
        Assert.Contains($"# {marker}", effective);
        Assert.Contains(SecuredConsoleFleet.Secret, effective); // the operator's copy was the real one, not "<redacted>"
        await fleet.Gateway.AgentWhen(fleet.Agent.InstanceUid, a => a.RemoteConfigStatus() == "APPLIED", "the agent reports APPLIED");
    }
}
