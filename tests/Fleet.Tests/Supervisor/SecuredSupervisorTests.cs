using System.Net.Http.Json;
using Fleet.Tests.Infrastructure;
using Fleet.Tests.Security.Agents;

namespace Fleet.Tests.Supervisor;

/// <summary>The supervisor against a gateway that requires agent credentials.</summary>
public class SecuredSupervisorTests(SecuredGatewayFixture gateway) : IClassFixture<SecuredGatewayFixture>
{
    [Fact]
    public async Task EnrollmentToken_SupervisorAdoptsOwnCredential_StaysConnectedAndManaged()
    {
        using var agent = new FakeAgent();
        var settings = agent.Settings(gateway.WebSocketEndpoint);
        settings.Server.Headers["Authorization"] = $"Bearer {SecuredGatewayFixture.EnrollmentToken}";
        await using var supervisor = RunningSupervisor.Start(settings);

        // APPLIED is reported only once a new socket opened with the offered credential.
        var listed = await gateway.AgentWhen(supervisor.InstanceUid,
            a => a.Connected() && a.GetProperty("connectionSettings") is { ValueKind: System.Text.Json.JsonValueKind.Object } settings
                && settings.GetProperty("reportedStatus").GetString() == "APPLIED"
                && settings.GetProperty("reportedHash").GetString() == settings.GetProperty("offeredHash").GetString(),
            "the supervisor got in with the token and now uses its own credential");
        var config = $"receivers: {{otlp: {{}}}} # {Guid.NewGuid():N}\n";
        (await gateway.SetConfig(supervisor.InstanceUid, "collector.yaml", config)).EnsureSuccessStatusCode();

        await gateway.AgentWhen(supervisor.InstanceUid, a => a.Connected() && a.RemoteConfigStatus() == "APPLIED",
            "the supervisor, now on its own credential, still takes configs");
        Assert.Equal("<redacted>", listed.GetProperty("connectionSettings").GetProperty("opAmpHeaders").GetProperty("Authorization").GetString());
    }

    [Fact]
    public async Task PackageOfferedBySecuredServer_DownloadedWithTheSupervisorsCredentials_Installed()
    {
        var tag = "sec" + Guid.NewGuid().ToString("N")[..8];
        using var agent = new FakeAgent();
        var settings = agent.Settings(gateway.WebSocketEndpoint);
        settings.Server.Headers["Authorization"] = $"Bearer {SecuredGatewayFixture.EnrollmentToken}";
        settings.Agent.Description.NonIdentifyingAttributes["fleet-test"] = tag;
        await using var supervisor = RunningSupervisor.Start(settings);
        await gateway.AgentWhen(supervisor.InstanceUid, a => a.Connected() && a.Healthy(), "the supervisor reports a healthy agent");

        var release = FakeAgent.Script(version: 2);
        (await gateway.Api.PutAsync($"/api/packages/{tag}/versions/2.0.0/file", new ByteArrayContent(release))).EnsureSuccessStatusCode();
        (await gateway.Api.PutAsJsonAsync($"/api/packages/{tag}", new { version = "2.0.0", type = "topLevel", selector = $"fleet-test={tag}" })).EnsureSuccessStatusCode();

        await gateway.AgentWhen(supervisor.InstanceUid,
            a => a.Package(tag) is { } p && p.GetProperty("status").GetString() == "Installed",
            "the package, fetched with the supervisor's credentials, is installed");
        Assert.Equal(release, await File.ReadAllBytesAsync(agent.Executable));
    }
}
