using Fleet.Gateway;
using Fleet.Gateway.Security.Operators;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Fleet.Tests.Security.Operators;

public class OperatorOptionsStartupTests
{
    [Fact]
    public async Task StartAsync_UnusableOperatorSettings_RefusesToStartAndSaysWhy()
    {
        var ports = FreePorts.Take(4);
        var app = GatewayApp.Build(
        [
            "--Fleet:Gateway:ListenAddress=127.0.0.1",
            $"--Fleet:Gateway:OpAmpPort={ports[0]}",
            $"--Fleet:Gateway:ManagementPort={ports[1]}",
            $"--Fleet:Orleans:SiloPort={ports[2]}",
            $"--Fleet:Orleans:GatewayPort={ports[3]}",
            "--Logging:LogLevel:Default=Warning",
            $"--{OperatorAuthenticationOptions.Section}:ApiKeys:0:Name=admin",
            $"--{OperatorAuthenticationOptions.Section}:ApiKeys:0:Role=admin",
            $"--{OperatorAuthenticationOptions.Section}:ApiKeys:0:KeySha256=REPLACE-ME",
        ]);
        await using (app)
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.Contains("ApiKeys:0:KeySha256 must be 64 hex digits", error.Message);
        }
    }
}
